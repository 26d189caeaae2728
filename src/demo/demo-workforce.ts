import { toDay, toIso } from './demo-calendar';
import type { DemoEmployee, DemoUnit, SimulatedQuarter } from './demo-company.types';
import { personName, slug } from './demo-names';
import { PLANTED, UnitLatents, voluntaryExitProbability } from './planted-model';
import { SeededRandom } from './prng';

export const EMAIL_DOMAIN = 'harborpine.example';

/** Branch head counts: skewed (a few big city branches), scaled to the wanted total. */
export function branchSizes(random: SeededRandom, branches: number, total: number): number[] {
  const raw = Array.from({ length: branches }, () =>
    Math.exp(Math.log(20) + 0.45 * random.normal()),
  );
  const scale = total / raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => Math.max(7, Math.round(r * scale)));
}

/** Unique e-mail addresses: first.last@domain, then first.last2@domain, ... */
export function emailMaker(): (first: string, last: string, domain: string) => string {
  const taken = new Set<string>();
  return (first, last, domain) => {
    const base = `${slug(first)}.${slug(last)}`;
    for (let n = 1; ; n++) {
      const email = `${base}${n === 1 ? '' : n}@${domain}`;
      if (!taken.has(email)) {
        taken.add(email);
        return email;
      }
    }
  };
}

/**
 * Everyone who worked in the branches over the simulated quarters. Each quarter, every employee
 * on the books at its start may leave: voluntarily with the planted engagement-dependent
 * probability, involuntarily at a flat rate. Leavers are replaced by a hire a few weeks later.
 */
export function simulateWorkforce(
  random: SeededRandom,
  branches: readonly DemoUnit[],
  sizes: readonly number[],
  latents: ReadonlyMap<string, UnitLatents>,
  quarters: readonly SimulatedQuarter[],
  asOf: string,
): DemoEmployee[] {
  const email = emailMaker();
  const employees: DemoEmployee[] = [];
  const lastDay = toDay(asOf);
  const hire = (unitId: string, hireDay: number): DemoEmployee => {
    const { first, last } = personName(random);
    const employee: DemoEmployee = {
      id: random.uuid(),
      externalId: `demo-e${String(employees.length + 1).padStart(5, '0')}`,
      email: email(first, last, EMAIL_DOMAIN),
      name: `${first} ${last}`,
      unitId,
      hireDate: toIso(hireDay),
      exitDate: null,
      exitType: null,
      customerFacing: random.chance(0.75),
    };
    employees.push(employee);
    return employee;
  };

  const firstDay = toDay(quarters[0].start);
  const staff = new Map<string, DemoEmployee[]>();
  branches.forEach((branch, i) => {
    const people: DemoEmployee[] = [];
    for (let n = 0; n < sizes[i]; n++) {
      const tenureDays = Math.min(9000, Math.floor(-Math.log(1 - random.next()) * 4 * 365));
      people.push(hire(branch.id, firstDay - 1 - tenureDays));
    }
    staff.set(branch.id, people);
  });

  const fullQuarter = 91;
  quarters.forEach((quarter, q) => {
    const start = toDay(quarter.start);
    const end = toDay(quarter.end);
    const share = Math.min(1, (end - start + 1) / fullQuarter);
    for (const branch of branches) {
      const eta = latents.get(branch.id)!.engagement[q];
      const pVoluntary = voluntaryExitProbability(eta) * share;
      const pInvoluntary = PLANTED.involuntaryExitPerQuarter * share;
      const people = staff.get(branch.id)!;
      const onBooks = people.filter((e) => e.exitDate === null && toDay(e.hireDate) <= start);
      for (const employee of onBooks) {
        const draw = random.next();
        if (draw >= pVoluntary + pInvoluntary) continue;
        const exitDay = random.int(start, end);
        employee.exitDate = toIso(exitDay);
        employee.exitType = draw < pVoluntary ? 'voluntary' : 'involuntary';
        const replacementDay = exitDay + random.int(14, 75);
        if (replacementDay <= lastDay) people.push(hire(branch.id, replacementDay));
      }
    }
  });
  return employees;
}
