/** The plan as apply shows it before asking. */
import type { Plan } from '../../planner/types.js';
import { renderPlanText } from '../../planner/render.js';

export function formatPlanSteps(plan: Plan, color: boolean): string {
  return renderPlanText(plan, { color });
}
