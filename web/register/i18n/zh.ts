// Text of the public register page. Chinese is the source: en.ts is typed by it, so a missing translation
// fails the type check. The build also writes these texts into index.html (see web/vite.config.ts).
const zh = {
  title: '自助登记 · TraceGrid',
  heading: '疫情防控自助登记',
  lead: '请在卡口、小区门口或您入住的地方，用手机扫描现场张贴的二维码进行登记。',
  noForm: '本页面不收集任何信息。扫描现场二维码后，会打开该地点的登记表，并显示地点名称。',
  whyTitle: '为什么要登记',
  why1: '如果您到过的地点出现确诊病例，防控人员可以及时联系您，告诉您需要做什么。',
  why2: '只收集该类地点所必需的信息，每一项都会说明用途。',
  why3: '个人信息加密保存，页面和导出默认打码；工作人员查看完整信息必须说明用途，并记入不可篡改的审计日志。',
  why4: '登记记录默认保存 28 天，到期自动删除。',
  footer: 'TraceGrid 疫情防控平台',
};

export type RegisterMessages = typeof zh;
export type RegisterMessageKey = keyof RegisterMessages;
export default zh;
