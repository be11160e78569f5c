// The in-process event bus: what just happened, for live views (officer feed, dashboards).
// With PostgreSQL a later bridge carries the same events between instances (LISTEN/NOTIFY).
import { EventEmitter } from 'node:events';

export interface CheckinEvent {
  id: string;
  groupId: string;
  site: string; // site code
  siteId: string;
  orgPath: string;
  kind: string;
  direction: string;
  at: number;
  flags: string[];
  people: number;
  /** the submitter, masked: events travel to feeds and between instances, never in clear */
  person: { name: string | null; idNumber: string | null; phone: string | null };
  /** set on events that arrived from another instance, so they are not sent back out */
  relayed?: boolean;
}

/** An officer's decision on a passage: shown in the feeds of everyone whose scope holds the site. */
export interface DecisionEvent {
  id: string;
  checkinId: string;
  groupId: string;
  site: string; // site code
  siteId: string;
  orgPath: string;
  decision: 'pass' | 'hold' | 'refer';
  at: number;
  by: string; // the officer's display name
  relayed?: boolean;
}

export interface EventMap {
  checkin: [CheckinEvent];
  decision: [DecisionEvent];
}

export type EventName = keyof EventMap;

export class EventBus extends EventEmitter<EventMap> {
  constructor() {
    super();
    // Many live connections listen at once; a listener count is not a leak here.
    this.setMaxListeners(0);
  }
}
