import { CycleLaunchService } from '../../src/cycles/cycle-launch.service';
import { CycleLifecycleService } from '../../src/cycles/cycle-lifecycle.service';
import { CyclesService } from '../../src/cycles/cycles.service';
import { OutboxService } from '../../src/delivery/outbox.service';
import { cycleInput, seedOrg } from '../support/delivery-fixtures';
import { createTestApp, createUser, signIn, TestApp } from '../support/test-app';

const TOKEN = /\/([su])\/([A-Za-z0-9_-]{43})/g;

/**
 * Staff once read every personal survey link on the Outbox page, opened it, learned whether that
 * named person had answered ("Thanks, we have your answers"), or answered in their place.
 */
describe('Attacks on personal survey and unsubscribe links', () => {
  let t: TestApp;
  let cycleId: string;
  /** The links as mailed: known only to the people they went to (and the machine's operator). */
  const mailed: Array<{ name: string; kind: string; token: string }> = [];

  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'true' });
    const org = await seedOrg(t.dataSource);
    const cycle = await t.app.get(CyclesService).create(cycleInput([org.rootId]));
    cycleId = cycle.id;
    await t.app.get(CycleLaunchService).launch(cycleId);
    const outbox = t.app.get(OutboxService);
    const deadline = Date.now() + 30_000;
    const written = async () => {
      try {
        const list = await outbox.list(1);
        return list.total >= 18 ? list.items : null;
      } catch {
        return null; // a message still being written
      }
    };
    let items = await written();
    while (!items && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      items = await written();
    }
    if (!items) throw new Error('The invitations were not written to the outbox');
    await new Promise((r) => setTimeout(r, 300));
    expect(items.length).toBe(18);
    for (const item of items) {
      const message = await outbox.show(item.name);
      const text = [message.text, message.html, ...Object.values(message.headers)].join('\n');
      for (const [, kind, token] of text.matchAll(TOKEN))
        mailed.push({ name: item.name, kind, token });
    }
    expect(mailed.some((m) => m.kind === 's')).toBe(true);
    expect(mailed.some((m) => m.kind === 'u')).toBe(true);
  });

  afterAll(async () => {
    await t.close();
  });

  it.each(['hr', 'admin'] as const)(
    'shows %s no personal link on any outbox page',
    async (role) => {
      const user = await createUser(t, role);
      const agent = t.agent();
      await signIn(agent, user.email, user.password);
      const list = await agent.get('/admin/outbox').expect(200);
      const names = [...new Set(mailed.map((m) => m.name))];
      for (const name of names) {
        const page = await agent.get(`/admin/outbox/${name}`).expect(200);
        for (const { token } of mailed) expect(page.text).not.toContain(token);
        expect(page.text).toContain('[personal link hidden]');
        await agent.get(`/admin/outbox/${name}/raw`).expect(404);
      }
      for (const { token } of mailed) expect(list.text).not.toContain(token);
    },
  );

  it('answers a used link and a closed link exactly like a link that never existed', async () => {
    const survey = mailed.find((m) => m.kind === 's')!;
    const unknown = await t
      .http()
      .get(`/s/${'Q'.repeat(43)}`)
      .expect(404);
    const fresh = await t.http().get(`/s/${survey.token}`).expect(200);
    expect(fresh.text).toContain('<form');

    // Answer the survey as its person would: the first choice of every question on the page.
    const form: Record<string, string> = {};
    for (const [, name, value] of fresh.text.matchAll(/name="([^"]+)" value="([^"]*)"/g))
      form[name] ??= value;
    const posted = await t.http().post(`/s/${survey.token}`).type('form').send(form).expect(303);
    // The thank-you page carries no token, so it says nothing about whose link was used.
    expect(posted.headers.location).not.toContain(survey.token);
    const used = await t.http().get(`/s/${survey.token}`).expect(404);
    expect(used.text).toBe(unknown.text);

    await t.app.get(CycleLifecycleService).close(cycleId);
    for (const { kind, token } of mailed.filter((m) => m.kind === 's')) {
      const page = await t.http().get(`/${kind}/${token}`).expect(404);
      expect(page.text).toBe(unknown.text);
    }
  });
});
