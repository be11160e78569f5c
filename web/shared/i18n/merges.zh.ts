// The console's merges messages, part of the shared catalogue in zh.ts: the source of truth for en.
const merges = {
  title: '疑似重复人员',
};

export type MergesMessages = typeof merges;
export default merges;
