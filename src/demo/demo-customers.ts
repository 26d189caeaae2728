import { toDay, toIso } from './demo-calendar';
import type {
  DemoAccount,
  DemoContact,
  DemoEmployee,
  DemoUnit,
  SimulatedQuarter,
} from './demo-company.types';
import { businessName, personName, slug } from './demo-names';
import { emailMaker } from './demo-workforce';
import { churnProbability, UnitLatents } from './planted-model';
import { SeededRandom } from './prng';

/** Customer accounts per employee of a branch (≈ 900 accounts on the books for the default company). */
const ACCOUNTS_PER_EMPLOYEE = 0.36;
const UNSUBSCRIBED_SHARE = 0.02;

export interface DemoCustomerBook {
  accounts: DemoAccount[];
  contacts: DemoContact[];
}

/**
 * Each branch's book of business: accounts with 1–8 contacts, lost each quarter with a
 * probability that falls as the branch's latent customer satisfaction rises, and replaced by a
 * new account a few weeks later.
 */
export function simulateCustomers(
  random: SeededRandom,
  branches: readonly DemoUnit[],
  sizes: readonly number[],
  latents: ReadonlyMap<string, UnitLatents>,
  quarters: readonly SimulatedQuarter[],
  asOf: string,
): DemoCustomerBook {
  const email = emailMaker();
  const accounts: DemoAccount[] = [];
  const contacts: DemoContact[] = [];
  const firstDay = toDay(quarters[0].start);
  const lastDay = toDay(asOf);
  const open = (unitId: string, startDay: number): DemoAccount => {
    const name = businessName(random);
    const account: DemoAccount = {
      id: random.uuid(),
      externalId: `demo-a${String(accounts.length + 1).padStart(4, '0')}`,
      name,
      unitId,
      startDate: toIso(startDay),
      churnDate: null,
      relationshipEmployeeIds: [],
    };
    accounts.push(account);
    const people = Math.min(8, 1 + random.poisson(2.35));
    const domain = `${slug(name)}.example`;
    for (let n = 0; n < people; n++) {
      const { first, last } = personName(random);
      const unsubscribed = random.chance(UNSUBSCRIBED_SHARE);
      contacts.push({
        id: random.uuid(),
        email: email(first, last, domain),
        name: `${first} ${last}`,
        accountId: account.id,
        subscribed: !unsubscribed,
        unsubscribedAt: unsubscribed ? toIso(random.int(startDay, lastDay)) : null,
      });
    }
    return account;
  };

  const books = new Map<string, DemoAccount[]>();
  branches.forEach((branch, i) => {
    const count = Math.max(
      2,
      Math.round(sizes[i] * ACCOUNTS_PER_EMPLOYEE * (0.8 + 0.4 * random.next())),
    );
    books.set(
      branch.id,
      Array.from({ length: count }, () => open(branch.id, firstDay - random.int(30, 3000))),
    );
  });

  quarters.forEach((quarter, q) => {
    const start = toDay(quarter.start);
    const end = toDay(quarter.end);
    const share = Math.min(1, (end - start + 1) / 91);
    for (const branch of branches) {
      const p = churnProbability(latents.get(branch.id)!.satisfaction[q]) * share;
      const book = books.get(branch.id)!;
      const active = book.filter((a) => a.churnDate === null && toDay(a.startDate) <= start);
      for (const account of active) {
        if (!random.chance(p)) continue;
        const churnDay = random.int(start, end);
        account.churnDate = toIso(churnDay);
        const replacementDay = churnDay + random.int(10, 90);
        if (replacementDay <= lastDay) book.push(open(branch.id, replacementDay));
      }
    }
  });
  return { accounts, contacts };
}

/** Names one or two customer-facing people of the branch on most accounts. */
export function assignRelationshipEmployees(
  random: SeededRandom,
  accounts: DemoAccount[],
  employees: readonly DemoEmployee[],
  asOf: string,
): void {
  const facing = new Map<string, string[]>();
  for (const e of employees) {
    if (!e.customerFacing || (e.exitDate !== null && e.exitDate <= asOf)) continue;
    const ids = facing.get(e.unitId);
    if (ids === undefined) facing.set(e.unitId, [e.id]);
    else ids.push(e.id);
  }
  for (const account of accounts) {
    const candidates = facing.get(account.unitId) ?? [];
    if (candidates.length === 0 || account.churnDate !== null || random.chance(0.35)) continue;
    const first = random.pick(candidates);
    account.relationshipEmployeeIds.push(first);
    const second = random.pick(candidates);
    if (second !== first && random.chance(0.3)) account.relationshipEmployeeIds.push(second);
  }
}
