// Mongolian in the traditional script (Unicode Mongolian block), typed by the Chinese source like en.ts.
// Each line's comment is the text in Latin transliteration (q/g for ᠬ/ᠭ in any word, O/U for ö/ü, N for ng,
// c for č, j for ǰ, '-' the Mongolian vowel separator, '_' the narrow no-break space before a suffix, '|' the free
// variation selector), for a reviewer who reads Mongolian. Please have a native speaker review before launch.
import type { RegisterMessages } from './zh.ts';

const mn: RegisterMessages = {
  title: 'ᠥᠪᠡᠷ ᠢ᠋ᠶ᠋ᠡᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ · TraceGrid', // Ober_i|y|en bUridqel · «TraceGrid»
  heading: 'ᠬᠠᠯᠠᠭᠳᠠᠯᠲᠤ ᠡᠪᠡᠳᠴᠢᠨ ᠢ ᠰᠡᠷᠭᠡᠶᠢᠯᠡᠨ ᠬᠠᠮᠠᠭᠠᠯᠠᠬᠤ ᠥᠪᠡᠷ ᠢ᠋ᠶ᠋ᠡᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ', // qalagdaltu ebedcin_i sergeyilen qamagalaqu Ober_i|y|en bUridqel
  lead: 'ᠰᠢᠯᠭᠠᠨ ᠪᠠᠶᠢᠴᠠᠭᠠᠬᠤ ᠭᠠᠵᠠᠷ᠂ ᠠᠮᠤᠳᠤᠷᠠᠯ ᠤᠨ ᠬᠣᠷᠣᠭᠠᠯᠠᠩ ᠤᠨ ᠬᠠᠭᠠᠯᠭ᠎ᠠ ᠪᠠᠰᠠ ᠲᠠᠨ ᠤ ᠰᠠᠭᠤᠬᠤ ᠭᠠᠵᠠᠷ ᠠ᠋ ᠨᠠᠭᠠᠭᠰᠠᠨ ᠬᠣᠶᠠᠷ ᠬᠡᠮᠵᠢᠶᠡᠲᠦ ᠺᠣᠳ᠋ ᠢ ᠭᠠᠷ ᠤᠲᠠᠰᠤ ᠪᠠᠷ ᠰᠢᠷᠪᠢᠵᠦ ᠪᠦᠷᠢᠳᠬᠡᠭᠦᠯᠦᠭᠡᠷᠡᠢ᠃', // silgan bayicagaqu gajar, amudural_un qorogalaN_un qagalg-a basa tan_u saguqu gajar_a| nagagsan qoyar qemjiyetU Kod|_i gar utasu_bar sirbijU bUridqegUlUgerei.
  noForm: 'ᠡᠨᠡ ᠬᠤᠤᠳᠠᠰᠤ ᠶᠠᠮᠠᠷ ᠴᠤ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠴᠤᠭᠯᠠᠭᠤᠯᠬᠤ ᠦᠭᠡᠢ᠃ ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠬᠣᠶᠠᠷ ᠬᠡᠮᠵᠢᠶᠡᠲᠦ ᠺᠣᠳ᠋ ᠢ ᠰᠢᠷᠪᠢᠪᠡᠯ᠂ ᠲᠡᠷᠡ ᠭᠠᠵᠠᠷ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ ᠦᠨ ᠬᠦᠰᠦᠨᠦᠭᠲᠦ ᠨᠡᠭᠡᠭᠡᠭᠳᠡᠵᠦ᠂ ᠭᠠᠵᠠᠷ ᠤᠨ ᠨᠡᠷᠡ ᠬᠠᠷᠠᠭᠳᠠᠨ᠎ᠠ᠃', // ene quudasu yamar cu medegelel cuglagulqu Ugei. gajar degereqi qoyar qemjiyetU Kod|_i sirbibel, tere gajar_un bUridqel_Un qUsUnUgtU negegegdejU, gajar_un nere qaragdan-a.
  whyTitle: 'ᠶᠠᠭᠠᠬᠠᠳ ᠪᠦᠷᠢᠳᠬᠡᠭᠦᠯᠬᠦ ᠬᠡᠷᠡᠭᠲᠡᠢ ᠪᠣᠢ?', // yagaqad bUridqegUlqU qeregtei boi?
  why1: 'ᠲᠠᠨ ᠤ ᠣᠴᠢᠭᠰᠠᠨ ᠭᠠᠵᠠᠷ ᠠ᠋ ᠪᠠᠲᠤᠯᠠᠭᠳᠠᠭᠰᠠᠨ ᠡᠪᠡᠳᠴᠢᠨ ᠭᠠᠷᠪᠠᠯ᠂ ᠠᠵᠢᠯᠴᠢᠳ ᠲᠠᠨ ᠲᠠᠢ ᠴᠠᠭ ᠲᠤ ᠨᠢ ᠬᠣᠯᠪᠤᠭᠳᠠᠵᠤ᠂ ᠶᠠᠭᠠᠬᠤ ᠶ᠋ᠢ ᠲᠠᠨ ᠳ᠋ᠤ ᠬᠡᠯᠡᠵᠦ ᠥᠭᠦᠨ᠎ᠡ᠃', // tan_u ocigsan gajar_a| batulagdagsan ebedcin garbal, ajilcid tan_tai cag_tu_ni qolbugdaju, yagaqu_y|i tan_d|u qelejU OgUn-e.
  why2: 'ᠲᠡᠷᠡ ᠲᠥᠷᠥᠯ ᠦᠨ ᠭᠠᠵᠠᠷ ᠠ᠋ ᠬᠡᠷᠡᠭᠲᠡᠢ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠢ ᠯ ᠴᠤᠭᠯᠠᠭᠤᠯᠵᠤ᠂ ᠵᠦᠢᠯ ᠪᠦᠷᠢ ᠶ᠋ᠢᠨ ᠬᠡᠷᠡᠭᠯᠡᠭᠡ ᠶ᠋ᠢ ᠲᠠᠶᠢᠯᠪᠤᠯᠠᠨ᠎ᠠ᠃', // tere tOrOl_Un gajar_a| qeregtei medegelel_i l cuglagulju, jUil bUri_y|in qereglege_y|i tayilbulan-a.
  why3: 'ᠬᠤᠪᠢ ᠶ᠋ᠢᠨ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠢ ᠨᠢᠭᠤᠴᠤᠯᠠᠨ ᠬᠠᠳᠠᠭᠠᠯᠠᠵᠤ᠂ ᠬᠤᠤᠳᠠᠰᠤ ᠪᠠ ᠭᠠᠷᠭᠠᠭᠰᠠᠨ ᠮᠠᠲᠡᠷᠢᠠᠯ ᠳ᠋ᠤ ᠪᠦᠷᠬᠦᠭᠦᠯᠵᠦ ᠬᠠᠷᠠᠭᠤᠯᠤᠨ᠎ᠠ᠃ ᠠᠵᠢᠯᠴᠢᠳ ᠪᠦᠷᠢᠨ ᠡ᠋ ᠦᠵᠡᠬᠦ ᠳ᠋ᠦ ᠵᠣᠷᠢᠯᠭ᠎ᠠ ᠪᠠᠨ ᠲᠠᠶᠢᠯᠪᠤᠯᠠᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ ᠪᠥᠭᠡᠳ᠂ ᠲᠡᠷᠡ ᠨᠢ ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠭᠳᠡᠬᠦ ᠦᠭᠡᠢ ᠬᠢᠨᠠᠯᠲᠠ ᠶ᠋ᠢᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠳ᠋ᠦ ᠪᠢᠴᠢᠭᠳᠡᠨ᠎ᠡ᠃', // qubi_y|in medegelel_i niguculan qadagalaju, quudasu ba gargagsan material_d|u bUrqUgUljU qaragulun-a. ajilcid bUrin_e| UjeqU_d|U jorilg-a_ban tayilbulaqu yosotai bOged, tere_ni OgerecilegdeqU Ugei qinalta_y|in temdeglel_d|U bicigden-e.
  why4: 'ᠪᠦᠷᠢᠳᠬᠡᠯ ᠦᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠢ 28 ᠡᠳᠦᠷ ᠬᠠᠳᠠᠭᠠᠯᠠᠵᠤ᠂ ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ ᠨᠢ ᠳᠠᠭᠤᠰᠬᠤ ᠳ᠋ᠤ ᠥᠪᠡᠷ ᠢ᠋ᠶ᠋ᠡᠨ ᠤᠰᠲᠠᠭᠠᠨ᠎ᠠ᠃', // bUridqel_Un temdeglel_i 28 edUr qadagalaju, qugucag-a_ni dagusqu_d|u Ober_i|y|en ustagan-a.
  footer: 'TraceGrid ᠬᠠᠯᠠᠭᠳᠠᠯᠲᠤ ᠡᠪᠡᠳᠴᠢᠨ ᠢ ᠰᠡᠷᠭᠡᠶᠢᠯᠡᠨ ᠬᠠᠮᠠᠭᠠᠯᠠᠬᠤ ᠲᠠᠪᠴᠠᠩ', // «TraceGrid» qalagdaltu ebedcin_i sergeyilen qamagalaqu tabcaN
  loading: 'ᠠᠴᠢᠶᠠᠯᠠᠵᠤ ᠪᠠᠶᠢᠨ᠎ᠠ…', // aciyalaju bayin-a…
  'kind.checkpoint': 'ᠰᠢᠯᠭᠠᠨ ᠪᠠᠶᠢᠴᠠᠭᠠᠬᠤ ᠭᠠᠵᠠᠷ ᠤᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ', // silgan bayicagaqu gajar_un bUridqel
  'kind.community': 'ᠠᠮᠤᠳᠤᠷᠠᠯ ᠤᠨ ᠬᠣᠷᠣᠭᠠᠯᠠᠩ ᠳ᠋ᠤ ᠣᠷᠣᠬᠤ ᠭᠠᠷᠬᠤ ᠪᠦᠷᠢᠳᠬᠡᠯ', // amudural_un qorogalaN_d|u oroqu garqu bUridqel
  'kind.floating': 'ᠨᠡᠭᠦᠳᠡᠯ ᠦᠨ ᠬᠦᠮᠦᠨ ᠠᠮᠤ ᠶ᠋ᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ', // negUdel_Un qUmUn amu_y|in bUridqel
  'kind.station': 'ᠰᠢᠯᠭᠠᠨ ᠬᠡᠮᠵᠢᠬᠦ ᠥᠷᠲᠡᠭᠡ ᠶ᠋ᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ', // silgan qemjiqU Ortege_y|in bUridqel
  invalidTitle: 'ᠬᠣᠶᠠᠷ ᠬᠡᠮᠵᠢᠶᠡᠲᠦ ᠺᠣᠳ᠋ ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ ᠪᠤᠶᠤ ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ ᠨᠢ ᠳᠠᠭᠤᠰᠪᠠ', // qoyar qemjiyetU Kod| qUcUn Ugei buyu qugucag-a_ni dagusba
  invalidBody: 'ᠡᠨᠡ ᠺᠣᠳ᠋ ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ ᠪᠣᠯᠪᠠ (ᠰᠣᠯᠢᠭᠳᠠᠭᠰᠠᠨ ᠪᠤᠶᠤ ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ ᠨᠢ ᠳᠠᠭᠤᠰᠤᠭᠰᠠᠨ)᠃ ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠰᠢᠨ᠎ᠡ ᠬᠣᠶᠠᠷ ᠬᠡᠮᠵᠢᠶᠡᠲᠦ ᠺᠣᠳ᠋ ᠢ ᠰᠢᠷᠪᠢᠭᠡᠷᠡᠢ᠃', // ene Kod| qUcUn Ugei bolba (soligdagsan buyu qugucag-a_ni dagusugsan). gajar degereqi sin-e qoyar qemjiyetU Kod|_i sirbigerei.
  unreachableTitle: 'ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠴᠢ ᠮᠠᠰᠢᠨ ᠳ᠋ᠤ ᠬᠣᠯᠪᠤᠭᠳᠠᠬᠤ ᠦᠭᠡᠢ', // Uilecilegci masin_d|u qolbugdaqu Ugei
  unreachableBody: 'ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠤ ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠪᠡᠨ ᠰᠢᠨᠵᠢᠯᠡᠭᠡᠳ ᠳᠠᠬᠢᠨ ᠣᠷᠣᠯᠳᠤᠭᠠᠷᠠᠢ᠃', // gar utasun_u sUljiy-e_ben sinjileged daqin oroldugarai.
  retry: 'ᠳᠠᠬᠢᠨ ᠣᠷᠣᠯᠳᠠᠬᠤ', // daqin oroldaqu
  optional: '(ᠬᠣᠭᠣᠰᠣᠨ ᠣᠷᠬᠢᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ)', // (qogoson orqiju bolon-a)
  choose: 'ᠰᠣᠩᠭᠣᠭᠠᠷᠠᠢ', // soNgogarai
  keep28: 'ᠪᠦᠷᠢᠳᠬᠡᠯ ᠦᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ ᠢ 28 ᠡᠳᠦᠷ ᠬᠠᠳᠠᠭᠠᠯᠠᠵᠤ᠂ ᠬᠤᠭᠤᠴᠠᠭ᠎ᠠ ᠨᠢ ᠳᠠᠭᠤᠰᠬᠤ ᠳ᠋ᠤ ᠥᠪᠡᠷ ᠢ᠋ᠶ᠋ᠡᠨ ᠤᠰᠲᠠᠭᠠᠨ᠎ᠠ᠃', // bUridqel_Un temdeglel_i 28 edUr qadagalaju, qugucag-a_ni dagusqu_d|u Ober_i|y|en ustagan-a.
  direction: 'ᠣᠷᠣᠬᠤ ᠭᠠᠷᠬᠤ', // oroqu garqu
  'direction.in': 'ᠣᠷᠣᠬᠤ', // oroqu
  'direction.out': 'ᠭᠠᠷᠬᠤ', // garqu
  personTitle: 'ᠥᠪᠡᠷ ᠦᠨ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ', // Ober_Un medegelel
  personWhy: 'ᠪᠡᠶᠡ ᠶ᠋ᠢ ᠪᠠᠲᠠᠯᠠᠬᠤ᠂ ᠬᠠᠯᠠᠭᠳᠠᠯ ᠭᠠᠷᠪᠠᠯ ᠲᠠᠨ ᠲᠠᠢ ᠬᠣᠯᠪᠤᠭᠳᠠᠬᠤ ᠳ᠋ᠤ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠃', // beye_y|i batalaqu, qalagdal garbal tan_tai qolbugdaqu_d|u qereglen-e.
  name: 'ᠨᠡᠷᠡ', // nere
  idType: 'ᠭᠡᠷᠡᠴᠢᠯᠡᠭᠡ ᠶ᠋ᠢᠨ ᠲᠥᠷᠥᠯ', // gerecilege_y|in tOrOl
  idNumber: 'ᠭᠡᠷᠡᠴᠢᠯᠡᠭᠡ ᠶ᠋ᠢᠨ ᠳᠤᠭᠠᠷ', // gerecilege_y|in dugar
  phone: 'ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠤ ᠳᠤᠭᠠᠷ', // gar utasun_u dugar
  'idType.resident_id': 'ᠢᠷᠭᠡᠨ ᠦ ᠪᠡᠶᠡ ᠶ᠋ᠢᠨ ᠦᠨᠡᠮᠯᠡᠯ', // irgen_U beye_y|in Unemlel
  'idType.passport': 'ᠫᠠᠰᠫᠣᠷᠲ', // pasport
  'idType.hk_macao_permit': 'ᠰᠢᠶᠠᠩᠭᠠᠩ ᠠᠤᠮᠡᠨ ᠤ ᠢᠷᠭᠡᠨ ᠦ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠪᠢᠴᠢᠭ', // siyaNgaN aumen_u irgen_U nebtereqU bicig
  'idType.taiwan_permit': 'ᠲᠠᠶᠢᠸᠠᠨ ᠤ ᠢᠷᠭᠡᠨ ᠦ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠪᠢᠴᠢᠭ', // tayiwan_u irgen_U nebtereqU bicig
  'idType.foreign_permanent': 'ᠭᠠᠳᠠᠭᠠᠳᠤ ᠢᠷᠭᠡᠨ ᠦ ᠦᠷᠭᠦᠯᠵᠢ ᠣᠷᠣᠰᠢᠨ ᠰᠠᠭᠤᠬᠤ ᠪᠡᠶᠡ ᠶ᠋ᠢᠨ ᠦᠨᠡᠮᠯᠡᠯ', // gadagadu irgen_U UrgUlji orosin saguqu beye_y|in Unemlel
  'idType.other': 'ᠪᠤᠰᠤ ᠭᠡᠷᠡᠴᠢᠯᠡᠭᠡ', // busu gerecilege
  companionsTitle: 'ᠬᠠᠮᠲᠤ ᠶᠠᠪᠤᠭᠴᠢᠳ', // qamtu yabugcid
  companionsWhy: 'ᠡᠬᠡ ᠡᠴᠢᠭᠡ ᠨᠢ ᠬᠠᠮᠲᠤ ᠶᠠᠪᠤᠭᠰᠠᠨ ᠬᠡᠦᠬᠡᠳ ᠪᠠ ᠥᠨᠳᠥᠷ ᠨᠠᠰᠤᠲᠠᠨ ᠢ ᠡᠨᠳᠡ ᠬᠠᠮᠲᠤ ᠪᠦᠷᠢᠳᠬᠡᠵᠦ ᠪᠣᠯᠬᠤ ᠲᠤᠯᠠ᠂ ᠬᠦᠮᠦᠨ ᠪᠦᠷᠢ ᠰᠢᠷᠪᠢᠬᠦ ᠬᠡᠷᠡᠭ ᠦᠭᠡᠢ᠃', // eqe ecige ni qamtu yabugsan qeUqed ba OndOr nasutan_i ende qamtu bUridqejU bolqu tula, qUmUn bUri sirbiqU qereg Ugei.
  companion: 'ᠬᠠᠮᠲᠤ ᠶᠠᠪᠤᠭᠴᠢ {n}', // qamtu yabugci {n}
  addCompanion: '＋ ᠬᠠᠮᠲᠤ ᠶᠠᠪᠤᠭᠴᠢ ᠨᠡᠮᠡᠬᠦ', // ＋ qamtu yabugci nemeqU
  remove: 'ᠬᠠᠰᠤᠬᠤ', // qasuqu
  relation: 'ᠲᠠᠨ ᠲᠠᠢ ᠪᠠᠶᠢᠬᠤ ᠬᠣᠯᠪᠣᠭ᠎ᠠ', // tan_tai bayiqu qolbog-a
  'relation.child': 'ᠬᠡᠦᠬᠡᠳ', // qeUqed
  'relation.elder': 'ᠥᠨᠳᠥᠷ ᠨᠠᠰᠤᠲᠠᠨ', // OndOr nasutan
  'relation.spouse': 'ᠡᠬᠡᠨᠡᠷ ᠨᠥᠬᠥᠷ', // eqener nOqOr
  'relation.relative': 'ᠤᠷᠤᠭ ᠰᠠᠳᠤᠨ', // urug sadun
  'relation.other': 'ᠪᠤᠰᠤ', // busu
  vehicleTitle: 'ᠲᠡᠷᠭᠡ', // terge
  vehicleWhy: 'ᠰᠢᠯᠭᠠᠨ ᠪᠠᠶᠢᠴᠠᠭᠠᠬᠤ ᠭᠠᠵᠠᠷ ᠲᠡᠷᠭᠡ ᠪᠠ ᠲᠡᠷᠭᠡ ᠳ᠋ᠦ ᠰᠠᠭᠤᠭᠰᠠᠨ ᠬᠦᠮᠦᠨ ᠢ ᠲᠤᠯᠭᠠᠨ ᠰᠢᠨᠵᠢᠯᠡᠬᠦ ᠳ᠋ᠦ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠃', // silgan bayicagaqu gajar terge ba terge_d|U sagugsan qUmUn_i tulgan sinjileqU_d|U qereglen-e.
  hasVehicle: 'ᠪᠢ ᠲᠡᠷᠭᠡ ᠵᠢᠯᠣᠭᠤᠳᠠᠵᠤ ᠪᠤᠶᠤ ᠲᠡᠷᠭᠡ ᠳ᠋ᠦ ᠰᠠᠭᠤᠨ᠎ᠠ', // bi terge jilogudaju buyu terge_d|U sagun-a
  plateType: 'ᠲᠡᠷᠭᠡᠨ ᠦ ᠳᠤᠭᠠᠷ ᠤᠨ ᠲᠥᠷᠥᠯ', // tergen_U dugar_un tOrOl
  'plateType.ordinary': 'ᠡᠩ ᠦᠨ ᠳᠤᠭᠠᠷ (ᠬᠥᠬᠡ/ᠰᠢᠷ᠎ᠠ)', // eN_Un dugar (qOqe/sir-a)
  'plateType.new_energy': 'ᠰᠢᠨ᠎ᠡ ᠡᠨᠧᠷᠭᠢ ᠶ᠋ᠢᠨ ᠳᠤᠭᠠᠷ (ᠨᠣᠭᠣᠭᠠᠨ)', // sin-e enErgi_y|in dugar (nogogan)
  'plateType.trailer': 'ᠴᠢᠷᠭᠠᠭᠤᠯ ᠲᠡᠷᠭᠡᠨ ᠦ ᠳᠤᠭᠠᠷ', // cirgagul tergen_U dugar
  'plateType.coach': 'ᠰᠤᠷᠭᠠᠭᠤᠯᠬᠤ ᠲᠡᠷᠭᠡᠨ ᠦ ᠳᠤᠭᠠᠷ', // surgagulqu tergen_U dugar
  'plateType.police': 'ᠴᠠᠭᠳᠠᠭ᠎ᠠ ᠶ᠋ᠢᠨ ᠳᠤᠭᠠᠷ', // cagdag-a_y|in dugar
  'plateType.embassy': 'ᠡᠯᠴᠢᠨ ᠰᠠᠶᠢᠳ ᠤᠨ ᠶᠠᠮᠤᠨ ᠤ ᠳᠤᠭᠠᠷ', // elcin sayid_un yamun_u dugar
  'plateType.hk_macao': 'ᠰᠢᠶᠠᠩᠭᠠᠩ ᠠᠤᠮᠡᠨ ᠤ ᠬᠢᠯ ᠳᠠᠪᠠᠬᠤ ᠳᠤᠭᠠᠷ', // siyaNgaN aumen_u qil dabaqu dugar
  'plateType.other': 'ᠪᠤᠰᠤ ᠳᠤᠭᠠᠷ', // busu dugar
  plate: 'ᠲᠡᠷᠭᠡᠨ ᠦ ᠳᠤᠭᠠᠷ', // tergen_U dugar
  plateProvince: 'ᠮᠤᠵᠢ ᠶ᠋ᠢᠨ ᠲᠣᠪᠴᠢ ᠨᠡᠷᠡ ᠶ᠋ᠢ ᠰᠣᠩᠭᠣᠭᠠᠷᠠᠢ', // muji_y|in tobci nere_y|i soNgogarai
  vehicleRole: 'ᠲᠠ ᠪᠣᠯ', // ta bol
  'vehicleRole.driver': 'ᠵᠢᠯᠣᠭᠤᠳᠤᠭᠴᠢ', // jilogudugci
  'vehicleRole.passenger': 'ᠵᠣᠷᠴᠢᠭᠴᠢ', // jorcigci
  passengers: 'ᠲᠡᠷᠭᠡ ᠳ᠋ᠦ ᠪᠠᠶᠢᠬᠤ ᠪᠤᠰᠤ ᠬᠦᠮᠦᠨ ᠦ ᠲᠣᠭ᠎ᠠ', // terge_d|U bayiqu busu qUmUn_U tog-a
  tripTitle: 'ᠠᠶᠠᠨ ᠵᠠᠮ', // ayan jam
  tripWhy: 'ᠠᠶᠤᠯ ᠲᠠᠢ ᠣᠷᠤᠨ ᠠᠴᠠ ᠢᠷᠡᠭᠰᠡᠨ ᠪᠤᠶᠤ ᠲᠡᠨᠳᠡ ᠣᠴᠢᠬᠤ ᠡᠰᠡᠬᠦ ᠶ᠋ᠢ ᠮᠡᠳᠡᠬᠦ ᠳ᠋ᠦ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠃', // ayul_tai orun_aca iregsen buyu tende ociqu eseqU_y|i medeqU_d|U qereglen-e.
  origin: 'ᠭᠠᠷᠤᠭᠰᠠᠨ ᠭᠠᠵᠠᠷ', // garugsan gajar
  destination: 'ᠣᠴᠢᠬᠤ ᠭᠠᠵᠠᠷ', // ociqu gajar
  places14d: 'ᠰᠦᠭᠦᠯᠴᠢ 14 ᠡᠳᠦᠷ ᠲᠦ ᠣᠴᠢᠭᠰᠠᠨ ᠭᠠᠵᠠᠷ', // sUgUlci 14 edUr_tU ocigsan gajar
  placesWhy: 'ᠠᠶᠤᠯ ᠲᠠᠢ ᠣᠷᠤᠨ ᠳ᠋ᠤ ᠣᠴᠢᠭᠰᠠᠨ ᠡᠰᠡᠬᠦ ᠶ᠋ᠢ ᠮᠡᠳᠡᠬᠦ ᠳ᠋ᠦ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠂ ᠡᠨᠡ ᠭᠠᠵᠠᠷ ᠠᠴᠠ ᠭᠠᠷᠤᠭᠰᠠᠨ ᠦᠭᠡᠢ ᠪᠣᠯ ᠬᠣᠭᠣᠰᠣᠨ ᠣᠷᠬᠢᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ᠃', // ayul_tai orun_d|u ocigsan eseqU_y|i medeqU_d|U qereglen-e; ene gajar_aca garugsan Ugei bol qogoson orqiju bolon-a.
  addPlace: '＋ ᠭᠠᠵᠠᠷ ᠨᠡᠮᠡᠬᠦ', // ＋ gajar nemeqU
  province: 'ᠮᠤᠵᠢ', // muji
  city: 'ᠬᠣᠲᠠ', // qota
  county: 'ᠰᠢᠶᠠᠨ ᠬᠣᠰᠢᠭᠤ', // siyan qosigu
  purpose: 'ᠶᠠᠪᠤᠬᠤ ᠵᠣᠷᠢᠯᠭ᠎ᠠ', // yabuqu jorilg-a
  'purpose.commute': 'ᠠᠵᠢᠯ ᠳ᠋ᠤ ᠶᠠᠪᠤᠬᠤ', // ajil_d|u yabuqu
  'purpose.business': 'ᠠᠯᠪᠠᠨ ᠠᠵᠢᠯ', // alban ajil
  'purpose.logistics': 'ᠪᠠᠷᠠᠭ᠎ᠠ ᠲᠡᠡᠭᠡᠪᠦᠷᠢ', // barag-a teegebUri
  'purpose.medical': 'ᠡᠮᠴᠢᠯᠡᠭᠦᠯᠬᠦ', // emcilegUlqU
  'purpose.return_home': 'ᠨᠤᠲᠤᠭ ᠲᠠᠭᠠᠨ ᠬᠠᠷᠢᠬᠤ', // nutug_tagan qariqu
  'purpose.visit': 'ᠰᠠᠳᠤᠨ ᠨᠥᠬᠥᠷ ᠲᠡᠭᠡᠨ ᠣᠴᠢᠬᠤ', // sadun nOqOr_tegen ociqu
  'purpose.other': 'ᠪᠤᠰᠤ', // busu
  healthTitle: 'ᠡᠷᠡᠭᠦᠯ ᠮᠡᠨᠳᠦ ᠶ᠋ᠢᠨ ᠪᠠᠶᠢᠳᠠᠯ', // eregUl mendU_y|in bayidal
  healthWhy: 'ᠪᠡᠶᠡ ᠶ᠋ᠢᠨ ᠬᠠᠯᠠᠭᠤᠨ ᠢ ᠳᠠᠬᠢᠨ ᠬᠡᠮᠵᠢᠬᠦ ᠪᠤᠶᠤ ᠡᠮᠴᠢ ᠳ᠋ᠦ ᠦᠵᠡᠭᠦᠯᠬᠦ ᠶ᠋ᠢ ᠰᠠᠨᠠᠭᠤᠯᠬᠤ ᠳ᠋ᠤ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠃', // beye_y|in qalagun_i daqin qemjiqU buyu emci_d|U UjegUlqU_y|i sanagulqu_d|u qereglen-e.
  temperature: 'ᠪᠡᠶᠡ ᠶ᠋ᠢᠨ ᠬᠠᠯᠠᠭᠤᠨ (℃)', // beye_y|in qalagun (℃)
  temperatureHint: 'ᠬᠣᠭᠣᠰᠣᠨ ᠣᠷᠬᠢᠵᠤ ᠪᠣᠯᠬᠤ ᠪᠥᠭᠡᠳ᠂ ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠠᠵᠢᠯᠴᠢᠳ ᠬᠡᠮᠵᠢᠨ᠎ᠡ', // qogoson orqiju bolqu bOged, gajar degereqi ajilcid qemjin-e
  symptoms: 'ᠰᠦᠭᠦᠯᠴᠢ ᠶ᠋ᠢᠨ ᠡᠪᠡᠳᠴᠢᠨ ᠦ ᠰᠢᠨᠵᠢ ᠲᠡᠮᠳᠡᠭ (ᠣᠯᠠᠨ ᠢ ᠰᠣᠩᠭᠣᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ)', // sUgUlci_y|in ebedcin_U sinji temdeg (olan_i soNgoju bolon-a)
  'symptom.fever': 'ᠬᠠᠯᠠᠭᠤᠷᠠᠬᠤ', // qalaguraqu
  'symptom.cough': 'ᠬᠠᠨᠢᠶᠠᠬᠤ', // qaniyaqu
  'symptom.fatigue': 'ᠴᠢᠯᠡᠭᠡᠬᠦ', // cilegeqU
  'symptom.sore_throat': 'ᠬᠣᠭᠣᠯᠠᠢ ᠥᠪᠳᠡᠬᠦ', // qogolai ObdeqU
  'symptom.loss_of_taste_smell': 'ᠦᠨᠦᠷ ᠠᠮᠲᠠ ᠮᠡᠳᠡᠷᠡᠬᠦ ᠨᠢ ᠪᠠᠭᠤᠷᠠᠭᠰᠠᠨ', // UnUr amta medereqU_ni baguragsan
  'symptom.diarrhea': 'ᠭᠡᠳᠡᠰᠦ ᠭᠦᠶᠦᠬᠦ', // gedesU gUyUqU
  'symptom.short_breath': 'ᠠᠮᠢᠰᠬᠤᠯ ᠪᠠᠭᠴᠢᠮᠳᠠᠬᠤ', // amisqul bagcimdaqu
  communityTitle: 'ᠬᠣᠷᠣᠭᠠᠯᠠᠩ ᠳ᠋ᠤ ᠣᠷᠣᠬᠤ ᠭᠠᠷᠬᠤ', // qorogalaN_d|u oroqu garqu
  communityWhy: 'ᠬᠣᠷᠣᠭᠠᠯᠠᠩ ᠤᠨ ᠬᠦᠮᠦᠨ ᠦ ᠣᠷᠣᠬᠤ ᠭᠠᠷᠬᠤ ᠪᠠᠶᠢᠳᠠᠯ ᠢ ᠮᠡᠳᠡᠬᠦ ᠳ᠋ᠦ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠃', // qorogalaN_un qUmUn_U oroqu garqu bayidal_i medeqU_d|U qereglen-e.
  communityRole: 'ᠲᠠ ᠪᠣᠯ', // ta bol
  'communityRole.resident': 'ᠡᠨᠡ ᠬᠣᠷᠣᠭᠠᠯᠠᠩ ᠤᠨ ᠣᠷᠣᠰᠢᠨ ᠰᠠᠭᠤᠬᠤ ᠢᠷᠭᠡᠨ', // ene qorogalaN_un orosin saguqu irgen
  'communityRole.visitor': 'ᠵᠣᠴᠢᠨ', // jocin
  visiting: 'ᠲᠠᠨ ᠤ ᠣᠴᠢᠭᠰᠠᠨ ᠠᠶᠢᠯ', // tan_u ocigsan ayil
  visitingHint: 'ᠵᠢᠰᠢᠶ᠎ᠡ ᠨᠢ 3-2-501 王女士', // jisiy-e ni «3-2-501 王女士»
  addressTitle: 'ᠬᠠᠶᠢᠭ', // qayig
  building: 'ᠪᠠᠶᠢᠰᠢᠩ ᠤᠨ ᠳᠤᠭᠠᠷ', // bayisiN_un dugar
  unit: 'ᠬᠠᠭᠠᠯᠭ᠎ᠠ', // qagalg-a
  room: 'ᠭᠡᠷ ᠦᠨ ᠳᠤᠭᠠᠷ', // ger_Un dugar
  floatingTitle: 'ᠡᠨᠡ ᠭᠠᠵᠠᠷ ᠠ᠋ ᠰᠠᠭᠤᠬᠤ', // ene gajar_a| saguqu
  floatingWhy: 'ᠨᠡᠭᠦᠳᠡᠯ ᠦᠨ ᠬᠦᠮᠦᠨ ᠠᠮᠤ ᠶ᠋ᠢᠨ ᠦᠢᠯᠡᠴᠢᠯᠡᠭᠡ ᠪᠠ ᠬᠠᠯᠠᠭᠳᠠᠯ ᠭᠠᠷᠪᠠᠯ ᠲᠠᠨ ᠲᠠᠢ ᠬᠣᠯᠪᠤᠭᠳᠠᠬᠤ ᠳ᠋ᠤ ᠬᠡᠷᠡᠭᠯᠡᠨ᠎ᠡ᠃', // negUdel_Un qUmUn amu_y|in Uilecilege ba qalagdal garbal tan_tai qolbugdaqu_d|u qereglen-e.
  home: 'ᠥᠷᠬᠡ ᠶ᠋ᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠯ ᠦᠨ ᠭᠠᠵᠠᠷ', // Orqe_y|in bUridqel_Un gajar
  arrivalDate: 'ᠢᠷᠡᠭᠰᠡᠨ ᠡᠳᠦᠷ', // iregsen edUr
  stayAddress: 'ᠡᠨᠡ ᠭᠠᠵᠠᠷ ᠠ᠋ ᠰᠠᠭᠤᠬᠤ ᠬᠠᠶᠢᠭ', // ene gajar_a| saguqu qayig
  hostKind: 'ᠰᠠᠭᠤᠬᠤ ᠭᠠᠵᠠᠷ ᠢ ᠣᠯᠭᠤᠭᠰᠠᠨ ᠨᠢ', // saguqu gajar_i olgugsan ni
  'hostKind.landlord': 'ᠭᠡᠷ ᠦᠨ ᠡᠵᠡᠨ', // ger_Un ejen
  'hostKind.employer': 'ᠠᠵᠢᠯ ᠤᠨ ᠣᠷᠣᠨ', // ajil_un oron
  host: 'ᠭᠡᠷ ᠦᠨ ᠡᠵᠡᠨ ᠪᠤᠶᠤ ᠠᠵᠢᠯ ᠤᠨ ᠣᠷᠣᠨ ᠤ ᠨᠡᠷᠡ', // ger_Un ejen buyu ajil_un oron_u nere
  stayDays: 'ᠰᠠᠭᠤᠬᠤ ᠡᠳᠦᠷ ᠦᠨ ᠲᠣᠭ᠎ᠠ', // saguqu edUr_Un tog-a
  remember: 'ᠮᠢᠨᠤ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠢ ᠡᠨᠡ ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠳ᠋ᠤ ᠬᠠᠳᠠᠭᠠᠯᠠᠵᠤ᠂ ᠳᠠᠷᠠᠭᠠ ᠤᠳᠠᠭ᠎ᠠ ᠨᠢᠭᠡ ᠳᠠᠷᠤᠵᠤ ᠪᠦᠷᠢᠳᠬᠡᠬᠦ', // minu medegelel_i ene gar utasun_d|u qadagalaju, daraga udag-a nige daruju bUridqeqU
  rememberWhy: 'ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠵᠥᠪᠬᠡᠨ ᠡᠨᠡ ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠳ᠋ᠤ ᠬᠠᠳᠠᠭᠠᠯᠠᠭᠳᠠᠬᠤ ᠪᠥᠭᠡᠳ᠂ ᠬᠡᠵᠢᠶ᠎ᠡ ᠴᠦ ᠠᠷᠢᠯᠭᠠᠵᠤ ᠪᠣᠯᠣᠨ᠎ᠠ᠃', // medegelel jObqen ene gar utasun_d|u qadagalagdaqu bOged, qejiy-e cU arilgaju bolon-a.
  forget: 'ᠡᠨᠡ ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠳ᠋ᠤ ᠬᠠᠳᠠᠭᠠᠯᠠᠭᠰᠠᠨ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠢ ᠠᠷᠢᠯᠭᠠᠬᠤ', // ene gar utasun_d|u qadagalagsan medegelel_i arilgaqu
  oneTap: '“{name}” ᠭᠡᠵᠦ ᠪᠦᠷᠢᠳᠬᠡᠬᠦ', // “{name}” gejU bUridqeqU
  oneTapOr: 'ᠡᠰᠡᠪᠡᠰᠦ ᠳᠣᠣᠷᠠᠬᠢ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠢ ᠥᠭᠡᠷᠡᠴᠢᠯᠡᠵᠦ ᠢᠯᠡᠭᠡᠭᠡᠷᠡᠢ', // esebesU dooraqi medegelel_i OgerecilejU ilegegerei
  submit: 'ᠪᠦᠷᠢᠳᠬᠡᠯ ᠢ ᠢᠯᠡᠭᠡᠬᠦ', // bUridqel_i ilegeqU
  sending: 'ᠢᠯᠡᠭᠡᠵᠦ ᠪᠠᠶᠢᠨ᠎ᠠ…', // ilegejU bayin-a…
  fixAbove: 'ᠲᠡᠮᠳᠡᠭᠯᠡᠭᠰᠡᠨ ᠵᠦᠢᠯ ᠢ ᠵᠠᠰᠠᠵᠤ ᠳᠠᠬᠢᠨ ᠢᠯᠡᠭᠡᠭᠡᠷᠡᠢ᠃', // temdeglegsen jUil_i jasaju daqin ilegegerei.
  queuedTitle: 'ᠡᠨᠡ ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠳ᠋ᠤ ᠬᠠᠳᠠᠭᠠᠯᠠᠪᠠ', // ene gar utasun_d|u qadagalaba
  queuedBody: 'ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠰᠡᠷᠭᠦᠪᠡᠯ ᠥᠪᠡᠷ ᠢ᠋ᠶ᠋ᠡᠨ ᠢᠯᠡᠭᠡᠬᠦ ᠪᠥᠭᠡᠳ᠂ ᠠᠮᠵᠢᠯᠲᠠᠢ ᠢᠯᠡᠭᠡᠭᠰᠡᠨ ᠦ ᠳᠠᠷᠠᠭᠠ ᠡᠨᠳᠡ ᠲᠠᠨ ᠤ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠺᠣᠳ᠋ ᠬᠠᠷᠠᠭᠳᠠᠨ᠎ᠠ᠃ ᠬᠥᠲᠥᠴᠢ ᠶ᠋ᠢᠨ ᠮᠡᠳᠡᠭᠡᠯᠡᠯ ᠢ ᠪᠦ ᠠᠷᠢᠯᠭᠠᠭᠠᠷᠠᠢ᠃', // sUljiy-e sergUbel Ober_i|y|en ilegeqU bOged, amjiltai ilegegsen_U daraga ende tan_u nebtereqU Kod| qaragdan-a. qOtOci_y|in medegelel_i bU arilgagarai.
  queuedWaiting: '{n} ᠪᠦᠷᠢᠳᠬᠡᠯ ᠢᠯᠡᠭᠡᠬᠦ ᠶ᠋ᠢ ᠬᠦᠯᠢᠶᠡᠵᠦ ᠪᠠᠶᠢᠨ᠎ᠠ', // {n} bUridqel ilegeqU_y|i qUliyejU bayin-a
  sendNow: 'ᠣᠳᠣ ᠢᠯᠡᠭᠡᠬᠦ', // odo ilegeqU
  passTitle: 'ᠪᠦᠷᠢᠳᠬᠡᠯ ᠠᠮᠵᠢᠯᠲᠠᠢ ᠪᠣᠯᠪᠠ', // bUridqel amjiltai bolba
  passShow: 'ᠡᠨᠡ ᠺᠣᠳ᠋ ᠢ ᠠᠵᠢᠯᠴᠢᠳ ᠲᠤ ᠦᠵᠡᠭᠦᠯᠦᠭᠡᠷᠡᠢ', // ene Kod|_i ajilcid_tu UjegUlUgerei
  passTime: 'ᠴᠠᠭ', // cag
  passSite: 'ᠭᠠᠵᠠᠷ', // gajar
  passPeople: 'ᠪᠦᠷᠢᠳᠬᠡᠭᠰᠡᠨ ᠬᠦᠮᠦᠨ ᠦ ᠲᠣᠭ᠎ᠠ', // bUridqegsen qUmUn_U tog-a
  passNoAdvice: 'ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠠᠵᠢᠯᠴᠢᠳ ᠤᠨ ᠵᠢᠭᠠᠪᠤᠷᠢ ᠶ᠋ᠢᠶᠠᠷ ᠶᠠᠪᠤᠭᠠᠷᠠᠢ᠃', // gajar degereqi ajilcid_un jigaburi_y|iyar yabugarai.
  'advice.fever': 'ᠪᠡᠶᠡ ᠶ᠋ᠢᠨ ᠬᠠᠯᠠᠭᠤᠨ ᠥᠨᠳᠥᠷ ᠪᠠᠶᠢᠨ᠎ᠠ᠄ ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠠᠵᠢᠯᠴᠢᠳ ᠠᠴᠠ ᠳᠠᠬᠢᠨ ᠬᠡᠮᠵᠢᠭᠦᠯᠦᠭᠡᠷᠡᠢ᠃', // beye_y|in qalagun OndOr bayin-a: gajar degereqi ajilcid_aca daqin qemjigUlUgerei.
  'advice.risk_area': 'ᠲᠠᠨ ᠤ ᠠᠶᠠᠨ ᠵᠠᠮ ᠠᠶᠤᠯ ᠲᠠᠢ ᠣᠷᠤᠨ ᠢ ᠳᠠᠮᠵᠢᠭᠰᠠᠨ ᠪᠠᠶᠢᠨ᠎ᠠ᠄ ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠠᠵᠢᠯᠴᠢᠳ ᠤᠨ ᠵᠢᠭᠠᠪᠤᠷᠢ ᠶ᠋ᠢ ᠳᠠᠭᠠᠭᠠᠷᠠᠢ᠃', // tan_u ayan jam ayul_tai orun_i damjigsan bayin-a: gajar degereqi ajilcid_un jigaburi_y|i dagagarai.
  'advice.symptoms': 'ᠲᠠ ᠡᠪᠡᠳᠴᠢᠨ ᠦ ᠰᠢᠨᠵᠢ ᠲᠡᠮᠳᠡᠭ ᠮᠡᠳᠡᠭᠡᠭᠰᠡᠨ ᠪᠠᠶᠢᠨ᠎ᠠ᠄ ᠭᠠᠵᠠᠷ ᠳᠡᠭᠡᠷᠡᠬᠢ ᠠᠵᠢᠯᠴᠢᠳ ᠲᠤ ᠬᠡᠯᠡᠵᠦ᠂ ᠬᠡᠷᠡᠭᠲᠡᠢ ᠪᠣᠯ ᠡᠮᠴᠢ ᠳ᠋ᠦ ᠦᠵᠡᠭᠦᠯᠦᠭᠡᠷᠡᠢ᠃', // ta ebedcin_U sinji temdeg medegegsen bayin-a: gajar degereqi ajilcid_tu qelejU, qeregtei bol emci_d|U UjegUlUgerei.
  passAgain: 'ᠳᠠᠬᠢᠨ ᠪᠦᠷᠢᠳᠬᠡᠬᠦ', // daqin bUridqeqU
  lastPass: 'ᠰᠦᠭᠦᠯᠴᠢ ᠶ᠋ᠢᠨ ᠨᠡᠪᠲᠡᠷᠡᠬᠦ ᠺᠣᠳ᠋ ᠢ ᠦᠵᠡᠬᠦ', // sUgUlci_y|in nebtereqU Kod|_i UjeqU
  'err.required': 'ᠡᠨᠡ ᠵᠦᠢᠯ ᠢ ᠪᠥᠭᠯᠡᠭᠡᠷᠡᠢ', // ene jUil_i bOglegerei
  'err.name': 'ᠦᠨᠡᠨ ᠨᠡᠷᠡ ᠪᠡᠨ ᠪᠢᠴᠢᠭᠡᠷᠡᠢ', // Unen nere_ben bicigerei
  'err.resident_id': 'ᠪᠡᠶᠡ ᠶ᠋ᠢᠨ ᠦᠨᠡᠮᠯᠡᠯ ᠦᠨ ᠳᠤᠭᠠᠷ ᠪᠤᠷᠤᠭᠤ ᠪᠠᠶᠢᠨ᠎ᠠ᠂ ᠰᠢᠨᠵᠢᠯᠡᠭᠡᠷᠡᠢ', // beye_y|in Unemlel_Un dugar burugu bayin-a, sinjilegerei
  'err.id_shape': 'ᠭᠡᠷᠡᠴᠢᠯᠡᠭᠡ ᠶ᠋ᠢᠨ ᠳᠤᠭᠠᠷ ᠤᠨ ᠬᠡᠯᠪᠡᠷᠢ ᠪᠤᠷᠤᠭᠤ ᠪᠠᠶᠢᠨ᠎ᠠ', // gerecilege_y|in dugar_un qelberi burugu bayin-a
  'err.phone': '11 ᠣᠷᠣᠨᠲᠤ ᠭᠠᠷ ᠤᠲᠠᠰᠤᠨ ᠤ ᠳᠤᠭᠠᠷ ᠪᠢᠴᠢᠭᠡᠷᠡᠢ', // 11 orontu gar utasun_u dugar bicigerei
  'err.plate': 'ᠲᠡᠷᠭᠡᠨ ᠦ ᠳᠤᠭᠠᠷ ᠤᠨ ᠬᠡᠯᠪᠡᠷᠢ ᠪᠤᠷᠤᠭᠤ ᠪᠠᠶᠢᠨ᠎ᠠ', // tergen_U dugar_un qelberi burugu bayin-a
  'err.plate_type': 'ᠲᠡᠷᠭᠡᠨ ᠦ ᠳᠤᠭᠠᠷ ᠪᠠ ᠳᠤᠭᠠᠷ ᠤᠨ ᠲᠥᠷᠥᠯ ᠲᠠᠭᠠᠷᠠᠭᠰᠠᠨ ᠦᠭᠡᠢ', // tergen_U dugar ba dugar_un tOrOl tagaragsan Ugei
  'err.temperature': 'ᠪᠡᠶᠡ ᠶ᠋ᠢᠨ ᠬᠠᠯᠠᠭᠤᠨ 34.0–43.0 ℃ ᠤᠨ ᠬᠣᠭᠣᠷᠣᠨᠳᠤ ᠪᠠᠶᠢᠬᠤ ᠶᠣᠰᠣᠲᠠᠢ', // beye_y|in qalagun «34.0–43.0 ℃»_un qogorondu bayiqu yosotai
  'err.division': 'ᠰᠢᠶᠠᠨ ᠬᠣᠰᠢᠭᠤ ᠬᠦᠷᠲᠡᠯᠡ ᠰᠣᠩᠭᠣᠭᠠᠷᠠᠢ', // siyan qosigu qUrtele soNgogarai
  'err.date': 'ᠣᠨ ᠰᠠᠷ᠎ᠠ ᠡᠳᠦᠷ ᠪᠤᠷᠤᠭᠤ ᠪᠠᠶᠢᠨ᠎ᠠ', // on sar-a edUr burugu bayin-a
  'err.range': 'ᠲᠣᠭ᠎ᠠ ᠨᠢ ᠬᠡᠮᠵᠢᠶ᠎ᠡ ᠡᠴᠡ ᠬᠡᠲᠦᠷᠡᠭᠰᠡᠨ ᠪᠠᠶᠢᠨ᠎ᠠ', // tog-a_ni qemjiy-e_ece qetUregsen bayin-a
  'err.refused': 'ᠪᠦᠷᠢᠳᠬᠡᠯ ᠢ ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠭᠰᠠᠨ ᠦᠭᠡᠢ᠄ {message}', // bUridqel_i qUliyen abugsan Ugei: {message}
};

export default mn;
