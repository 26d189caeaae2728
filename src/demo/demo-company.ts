import { simulatedQuarters } from './demo-calendar';
import type { DemoCompany, DemoOptions, DemoUnit } from './demo-company.types';
import { assignRelationshipEmployees, simulateCustomers } from './demo-customers';
import { DEMO_COMPANY, REGIONS, townNames } from './demo-names';
import { demoCycles, simulateWave } from './demo-waves';
import { branchSizes, simulateWorkforce } from './demo-workforce';
import { simulateUnitLatents, UnitLatents } from './planted-model';
import { SeededRandom } from './prng';

export const DEFAULT_DEMO_SEED = 42;
export const DEMO_BRANCHES = 111;
export const DEMO_EMPLOYEES = 2560;
/** Quarters simulated before the current one: two years, the last four of them surveyed. */
const HISTORY_QUARTERS = 8;
export const DEMO_CYCLES = 4;

/** Every demo unit's external id starts with this, which is how a reset recognises demo data. */
export const DEMO_PREFIX = 'demo-';

/** The company, its eight regions and the branches (the units that have people and customers). */
function buildUnits(random: SeededRandom, branches: number): DemoUnit[] {
  const companyId = random.uuid();
  const units: DemoUnit[] = [
    {
      id: companyId,
      externalId: `${DEMO_PREFIX}company`,
      name: DEMO_COMPANY,
      parentId: null,
      path: `/${companyId}/`,
      kind: 'company',
    },
  ];
  const regions = REGIONS.map((name, i) => {
    const id = random.uuid();
    const region: DemoUnit = {
      id,
      externalId: `${DEMO_PREFIX}r${i + 1}`,
      name: `${name} region`,
      parentId: companyId,
      path: `/${companyId}/${id}/`,
      kind: 'region',
    };
    units.push(region);
    return { region, weight: 0.6 + 0.8 * random.next() };
  });
  const totalWeight = regions.reduce((sum, r) => sum + r.weight, 0);
  const towns = townNames(random, branches);
  for (const [i, town] of towns.entries()) {
    let draw = random.next() * totalWeight;
    const { region } = regions.find((r) => (draw -= r.weight) < 0) ?? regions[regions.length - 1];
    const id = random.uuid();
    units.push({
      id,
      externalId: `${DEMO_PREFIX}b${String(i + 1).padStart(3, '0')}`,
      name: town,
      parentId: region.id,
      path: `${region.path}${id}/`,
      kind: 'branch',
    });
  }
  return units;
}

/**
 * Builds the whole demo company in memory from a seed: the same seed and `asOf` give the same
 * company, row for row. Separate random streams per part keep each part stable when another
 * changes (renaming units does not reshuffle the answers).
 */
export function generateDemoCompany(options: DemoOptions): DemoCompany {
  const { seed, asOf } = options;
  const stream = (label: string) => SeededRandom.derive(seed, label);
  const branchCount = options.branches ?? DEMO_BRANCHES;
  const wanted = options.employees ?? Math.round((DEMO_EMPLOYEES * branchCount) / DEMO_BRANCHES);

  const quarters = simulatedQuarters(asOf, HISTORY_QUARTERS);
  const units = buildUnits(stream('units'), branchCount);
  const branches = units.filter((u) => u.kind === 'branch');
  const dimensions = [
    ...new Set(
      options.questions.employee
        .map((q) => q.dimension)
        .filter((d): d is string => d !== null && d !== 'engagement' && d !== 'loyalty'),
    ),
  ];
  const latentRandom = stream('latents');
  const latents = new Map<string, UnitLatents>(
    branches.map((b) => [b.id, simulateUnitLatents(latentRandom, quarters.length, dimensions)]),
  );
  const sizes = branchSizes(stream('sizes'), branches.length, wanted);
  const employees = simulateWorkforce(stream('people'), branches, sizes, latents, quarters, asOf);
  const { accounts, contacts } = simulateCustomers(
    stream('customers'),
    branches,
    sizes,
    latents,
    quarters,
    asOf,
  );
  assignRelationshipEmployees(stream('relationships'), accounts, employees, asOf);

  const surveyed = Array.from(
    { length: DEMO_CYCLES },
    (_, i) => quarters.length - 1 - DEMO_CYCLES + i,
  );
  const cycles = demoCycles(stream('cycles'), quarters, surveyed);
  const company: DemoCompany = {
    seed,
    asOf,
    quarters,
    units,
    employees,
    accounts,
    contacts,
    cycles,
    invitations: [],
    employeeResponses: [],
    customerResponses: [],
    latents,
  };
  for (const cycle of cycles) {
    const wave = simulateWave(stream(`wave-${cycle.label}`), cycle, {
      employees,
      accounts,
      contacts,
      latents,
      questions: options.questions,
    });
    company.invitations.push(...wave.invitations);
    company.employeeResponses.push(...wave.employeeResponses);
    company.customerResponses.push(...wave.customerResponses);
  }
  return company;
}
