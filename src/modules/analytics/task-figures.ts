// Grid tasks in the weekly dispatch (issue 8): per unit's subtree, the tasks due in the week, how many of them are
// done, how many went past their due time undone, and the share done. Read from the tasks table by org path (tasks
// are few next to check-ins: no rollup).
import type { DbLike } from '../../db/database.ts';
import type { TaskFigures } from './types.ts';

const n = (v: unknown) => Number(v ?? 0);

export const NO_TASKS: TaskFigures = { due: 0, done: 0, overdue: 0, percentDone: null };

export const taskShare = (done: number, due: number) => (due === 0 ? null : done / due);

/**
 * Tasks due in [from, to) under each path (cancelled ones do not count). Overdue: due before `now` (and in the
 * week) and not done by the due time, whether still open or done late.
 */
export async function taskFigures(db: DbLike, paths: string[], from: number, to: number, now: number): Promise<Map<string, TaskFigures>> {
  const past = Math.min(now, to);
  const rows = await Promise.all(
    paths.map((path) =>
      db
        .selectFrom('tasks')
        .select((eb) => [
          eb.fn.countAll<number>().as('due'),
          eb.fn.sum<number>(eb.case().when('status', '=', 'done').then(1).else(0).end()).as('done'),
          eb.fn
            .sum<number>(
              eb
                .case()
                .when(eb.and([eb('dueAt', '<', past), eb.or([eb('status', '=', 'open'), eb('doneAt', '>', eb.ref('dueAt'))])]))
                .then(1)
                .else(0)
                .end(),
            )
            .as('overdue'),
        ])
        .where('orgPath', 'like', `${path}%`)
        .where('status', '!=', 'cancelled')
        .where('dueAt', '>=', from)
        .where('dueAt', '<', to)
        .executeTakeFirst(),
    ),
  );
  return new Map(
    paths.map((path, i) => {
      const r = rows[i];
      const due = n(r?.due);
      const done = n(r?.done);
      return [path, { due, done, overdue: n(r?.overdue), percentDone: taskShare(done, due) }];
    }),
  );
}
