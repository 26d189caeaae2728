import { Injectable } from '@nestjs/common';
import { CycleHistory, CycleHistoryEntry } from './cycle-history.service';
import { DAY_MS } from './cycle-jobs';
import { CycleLaunchService } from './cycle-launch.service';
import { CycleStatsService } from './cycle-stats.service';
import { CycleSteeringService } from './cycle-steering.service';
import { CyclesService } from './cycles.service';
import { Cycle } from './entities/cycle.entity';

const RECURRENCE_LABELS = {
  none: 'Does not repeat',
  monthly: 'Every month',
  quarterly: 'Every quarter',
};
export const STATUS_LABELS = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  open: 'Open',
  closed: 'Closed',
};

/** A moment as a datetime-local input shows it (the forms label it UTC). */
export const localInput = (d: Date) => d.toISOString().slice(0, 16);

/** A checkbox as the person left it: ticked unless its value says otherwise. */
export const isTicked = (value: unknown) =>
  value !== undefined && !['false', 'off', '0', 'no', ''].includes(String(value).toLowerCase());

type Errors = Record<string, string>;

/** The view models of a cycle's pages: the cycle, its launch and its close confirmation. */
@Injectable()
export class CyclePages {
  constructor(
    private readonly cycles: CyclesService,
    private readonly launcher: CycleLaunchService,
    private readonly stats: CycleStatsService,
    private readonly steering: CycleSteeringService,
    private readonly history: CycleHistory,
  ) {}

  async show(id: string, values: Record<string, unknown>, errors: Errors) {
    const cycle = await this.cycles.get(id);
    const status = await this.stats.status(id);
    const live = cycle.status === 'scheduled' || cycle.status === 'open';
    return {
      title: cycle.name,
      cycle,
      statusLabel: STATUS_LABELS[cycle.status],
      recurrenceLabel: RECURRENCE_LABELS[cycle.recurrence],
      live,
      canLaunch: cycle.status === 'draft' && !cycle.imported,
      canClose: live,
      canRemind: cycle.status === 'open',
      reminderGapHours: this.steering.reminderGapHours,
      reminderPlan: reminderPlan(cycle),
      extendForm: {
        closesAt:
          typeof values.closesAt === 'string'
            ? values.closesAt
            : localInput(new Date(cycle.closesAt.getTime() + 7 * DAY_MS)),
      },
      history: (await this.history.list(id)).map(historyView),
      status,
      hasInvitations: status.employee.invited + status.customer.invited > 0,
      problems: await this.stats.problems(id),
      // Privacy rule 3: no answer-derived figure of a cycle exists before it closes.
      resultsPending: cycle.status !== 'closed',
      pilotForm: { checked: 'pilot' in values ? isTicked(values.pilot) : cycle.pilot, values },
      errors,
    };
  }

  async launch(id: string, errors: Errors) {
    const cycle = await this.cycles.get(id);
    return {
      title: `Launch ${cycle.name}`,
      cycle,
      preview: await this.launcher.preview(id),
      opensNow: cycle.opensAt <= new Date(),
      errors,
    };
  }

  async close(id: string, errors: Errors) {
    const cycle = await this.cycles.get(id);
    return {
      title: `Close ${cycle.name}`,
      cycle,
      canClose: cycle.status === 'scheduled' || cycle.status === 'open',
      statusLabel: STATUS_LABELS[cycle.status],
      errors,
    };
  }
}

/** Each reminder day with its date, and whether it went or falls after the close. */
function reminderPlan(cycle: Cycle) {
  return cycle.reminderDays.map((day, i) => {
    const at = new Date(cycle.opensAt.getTime() + day * DAY_MS);
    return {
      day,
      at,
      queued: i < cycle.reminderRoundsQueued,
      afterClose: at >= cycle.closesAt,
    };
  });
}

function historyView(entry: CycleHistoryEntry) {
  const date = (key: string) =>
    typeof entry.data[key] === 'string' ? new Date(entry.data[key]) : null;
  return {
    at: entry.at,
    who: entry.actorName ?? 'Tandem, on schedule',
    reminded: entry.kind === 'reminded',
    extended: entry.kind === 'extended',
    closed: entry.kind === 'closed',
    scheduledRound: entry.data.scheduledRound,
    queued: entry.data.queued,
    gapHours: entry.data.gapHours,
    from: date('from'),
    to: date('to'),
    due: date('due'),
    early: entry.actorName !== null,
  };
}
