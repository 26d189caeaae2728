import { UnitsService } from '../src/directory/units.service';
import { createTestApp, csrfFrom, signedInAgent, TestApp } from './support/test-app';

describe('Directory pages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('smoke', async () => {
    const { agent, csrf } = await signedInAgent(t, 'hr');
    for (const path of ['/admin/units', '/admin/employees', '/admin/accounts', '/admin/contacts', '/admin/imports', '/admin/imports/employees', '/admin/units/new', '/admin/employees/new', '/admin/accounts/new', '/admin/contacts/new']) {
      const res = await agent.get(path);
      if (res.status !== 200) console.log(path, res.status, res.text.slice(0, 2000));
      expect(res.status).toBe(200);
    }
    const created = await agent.post('/admin/units').type('form').send({ _csrf: csrf, name: 'North', externalId: '', parentId: '' });
    expect(created.status).toBe(303);
    const page = await agent.get(created.headers.location);
    expect(page.status).toBe(200);
    expect(t.app.get(UnitsService)).toBeDefined();
  });
});
