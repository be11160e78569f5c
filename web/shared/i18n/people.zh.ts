// The console's people messages, part of the shared catalogue in zh.ts: the source of truth for en.
const people = {
  title: '人员档案',
};

export type PeopleMessages = typeof people;
export default people;
