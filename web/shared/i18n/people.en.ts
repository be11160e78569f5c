import type { PeopleMessages } from './people.zh.ts';

// Typed by the Chinese source: a key missing here (or one not in people.zh.ts) fails the type check.
const people: PeopleMessages = {
  title: 'People',
};

export default people;
