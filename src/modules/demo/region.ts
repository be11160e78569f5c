// The demo region: Inner Mongolia's real GB/T 2260 codes for the region, its cities and leagues, and the
// counties, districts and banners of three cities. Everything below county level is synthetic.
export const REGION = { code: '150000', name: '内蒙古自治区' };

export const CITIES: [code: string, name: string][] = [
  ['150100', '呼和浩特市'],
  ['150200', '包头市'],
  ['150300', '乌海市'],
  ['150400', '赤峰市'],
  ['150500', '通辽市'],
  ['150600', '鄂尔多斯市'],
  ['150700', '呼伦贝尔市'],
  ['150800', '巴彦淖尔市'],
  ['150900', '乌兰察布市'],
  ['152200', '兴安盟'],
  ['152500', '锡林郭勒盟'],
  ['152900', '阿拉善盟'],
];

export const COUNTIES: Record<string, [code: string, name: string][]> = {
  '150100': [
    ['150102', '新城区'],
    ['150103', '回民区'],
    ['150104', '玉泉区'],
    ['150105', '赛罕区'],
    ['150121', '土默特左旗'],
    ['150122', '托克托县'],
    ['150123', '和林格尔县'],
    ['150124', '清水河县'],
    ['150125', '武川县'],
  ],
  '150200': [
    ['150202', '东河区'],
    ['150203', '昆都仑区'],
    ['150204', '青山区'],
    ['150205', '石拐区'],
    ['150206', '白云鄂博矿区'],
    ['150207', '九原区'],
    ['150221', '土默特右旗'],
    ['150222', '固阳县'],
    ['150223', '达尔罕茂明安联合旗'],
  ],
  '150600': [
    ['150602', '东胜区'],
    ['150603', '康巴什区'],
    ['150621', '达拉特旗'],
    ['150622', '准格尔旗'],
    ['150623', '鄂托克前旗'],
    ['150624', '鄂托克旗'],
    ['150625', '杭锦旗'],
    ['150626', '乌审旗'],
    ['150627', '伊金霍洛旗'],
  ],
};

// Synthetic names for the levels below county: generic words, no real place is meant.
export const TOWNSHIP_NAMES = ['示范街道', '新苑街道'];
export const COMMUNITY_NAMES = ['阳光社区', '绿园社区'];
export const BUILDINGS_PER_COMMUNITY = 3;
