import { validateForm } from '../common/form';
import type { PlanDetail } from './action-plans.service';
import { ActionInputDto } from './dto/action-plan.dto';
import { ACTION_STATUSES, ActionStatus } from './entities/action-plan-action.entity';
import type { Coverage } from './plan-coverage.service';
import type { DimensionScore, PlanBasis } from './plan-dimensions';

/** View models and form parsing of the action plan pages (views/follow-through/plan*.hbs). */

export const STATUS_LABELS: Record<ActionStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export const ACTION_ROWS = [1, 2, 3] as const;

/** The up-to-three action rows of the plan form; blank rows are skipped. */
export async function actionsFromForm(
  body: Record<string, unknown>,
): Promise<{ actions: ActionInputDto[]; errors: Record<string, string> }> {
  const actions: ActionInputDto[] = [];
  const errors: Record<string, string> = {};
  for (const i of ACTION_ROWS) {
    const row = {
      what: body[`what${i}`],
      owner: body[`owner${i}`],
      dueOn: body[`dueOn${i}`],
      dimension: body[`dimension${i}`],
    };
    const blank = [row.what, row.owner, row.dueOn].every(
      (v) => v === undefined || (typeof v === 'string' && v.trim() === ''),
    );
    if (blank) continue;
    const form = await validateForm(ActionInputDto, row);
    for (const [field, message] of Object.entries(form.errors)) errors[`${field}${i}`] = message;
    if (form.ok) actions.push(form.value);
  }
  if (actions.length === 0 && Object.keys(errors).length === 0)
    errors.what1 = 'Commit to at least one action.';
  return { actions, errors };
}

function dimensionCards(dimensions: readonly DimensionScore[]) {
  return dimensions.map((d, i) => ({ ...d, lowest: i < 3 }));
}

export function planFormModel(
  input: {
    unit: { id: string; name: string };
    cycle: { id: string; label: string };
    basis: PlanBasis & { eligible: true };
  },
  values: Record<string, unknown>,
  errors: Record<string, string>,
) {
  const dimensions = input.basis.dimensions;
  return {
    title: `Action plan for ${input.unit.name}`,
    section: 'plans',
    unit: input.unit,
    cycle: input.cycle,
    responses: input.basis.responses,
    dimensions: dimensionCards(dimensions),
    rows: ACTION_ROWS.map((i) => ({
      i,
      required: i === 1,
      what: values[`what${i}`] ?? '',
      owner: values[`owner${i}`] ?? '',
      dueOn: values[`dueOn${i}`] ?? '',
      whatError: errors[`what${i}`],
      ownerError: errors[`owner${i}`],
      dueOnError: errors[`dueOn${i}`],
      dimensions: dimensions.map((d) => ({
        key: d.key,
        label: d.label,
        selected: values[`dimension${i}`] === d.key,
      })),
    })),
    errors,
  };
}

export function planModel(
  plan: PlanDetail,
  errors: Record<string, string> = {},
  values: Record<string, unknown> = {},
) {
  const labels = new Map(
    (plan.basis.eligible ? plan.basis.dimensions : []).map((d) => [d.key, d.label]),
  );
  return {
    title: `Action plan: ${plan.unitName}, ${plan.cycleLabel}`,
    section: 'plans',
    plan,
    basis: plan.basis,
    dimensions: plan.basis.eligible ? dimensionCards(plan.basis.dimensions) : [],
    actions: plan.actionItems.map((a) => ({
      ...a,
      statusLabel: STATUS_LABELS[a.status],
      dimensionLabel: a.dimension ? (labels.get(a.dimension) ?? a.dimension) : null,
      statuses: ACTION_STATUSES.map((s) => ({
        value: s,
        label: STATUS_LABELS[s],
        selected: s === a.status,
      })),
    })),
    canAdd: plan.canEdit && plan.actionItems.length < 3,
    canEdit: plan.canEdit,
    trail: plan.events.map((e) => ({
      ...e,
      what: eventText(e.kind, e.fromState, e.toState, e.data),
      who: e.actorName ?? 'Tandem',
    })),
    newDimensions: plan.basis.eligible ? plan.basis.dimensions : [],
    errors,
    values,
  };
}

function eventText(
  kind: string,
  from: string | null,
  to: string | null,
  data: Record<string, unknown>,
): string {
  const label = (s: string | null) => (s ? (STATUS_LABELS[s as ActionStatus] ?? s) : '');
  switch (kind) {
    case 'created':
      return 'Plan created';
    case 'action_added':
      return `Added “${String(data.what ?? '')}”`;
    case 'status_changed':
      return `Status ${label(from)} → ${label(to)}`;
    case 'action_updated':
      return `Action changed (${Object.keys(data).join(', ')})`;
    case 'shared':
      return `Shared with the team (${String(data.recipients ?? 0)} people)`;
    default:
      return kind;
  }
}

export function coverageModel(coverage: Coverage, canPlan: boolean) {
  return {
    title: 'Team action plans',
    section: 'plans',
    ...coverage,
    cycles: coverage.cycles.map((c) => ({ ...c, selected: c.id === coverage.cycle?.id })),
    units: coverage.units.map((u) => ({
      ...u,
      indent: Math.min(u.depth, 4),
      canPlan: canPlan && u.eligible && !u.plan,
    })),
    exportHref: coverage.cycle
      ? `/action-plans/export.csv?cycle=${coverage.cycle.id}`
      : '/action-plans/export.csv',
  };
}
