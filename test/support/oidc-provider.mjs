/**
 * A real OpenID provider (oidc-provider) on a loopback port, for the single sign-on tests. It
 * runs as a child process because oidc-provider is ESM-only and jest's module system is not.
 *
 * Configuration comes as JSON in OIDC_TEST_CONFIG: { clients: [{ client_id, client_secret,
 * redirect_uris }] }. Once listening it prints one line: {"issuer":"http://127.0.0.1:PORT"}.
 *
 * Besides the provider's own endpoints, tests steer it under /__test/:
 *   POST /__test/accounts  { email, name?, groups?, emailVerified?, sub? }  an account that can sign in
 *   POST /__test/next-login { email }  the next sign-in page signs this account in without a form
 *   POST /__test/tamper { mode }  the next token response carries an ID token re-signed with the
 *        provider's own key but changed: 'wrong-audience' (issued to another client),
 *        'expired', 'wrong-nonce' or 'wrong-issuer'
 *   GET  /__test/requests  what the provider received: authorization and token requests
 * Without a queued login, the sign-in page is a small HTML form asking for the email.
 */
import Provider from 'oidc-provider';
import { generateKeyPairSync, sign as signBytes } from 'node:crypto';
import { createServer } from 'node:http';

const config = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{"clients":[]}');

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'test-key-1',
  alg: 'RS256',
  use: 'sig',
};

const accounts = new Map();
const seen = { authorization: [], token: [] };
let nextLogin = null;
let tamper = null;

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: c.client_secret ? 'client_secret_basic' : 'none',
    ...c,
  })),
  jwks: { keys: [jwk] },
  cookies: { keys: ['oidc-test-provider-cookie-key-0123456789'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // Consent is not what these tests are about: every requested scope is granted.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
    await grant.save();
    return grant;
  },
  async findAccount(_ctx, id) {
    const account = accounts.get(id);
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return {
          sub: account.sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
          ...(account.groups ? { groups: account.groups } : {}),
        };
      },
    };
  },
});

provider.use(async (ctx, next) => {
  if (ctx.path === '/auth' && ctx.method === 'GET') seen.authorization.push({ ...ctx.query });
  await next();
  if (ctx.path !== '/token') return;
  seen.token.push({
    status: ctx.status,
    codeVerifierSent: typeof ctx.oidc?.params?.code_verifier === 'string',
  });
  if (tamper && ctx.status === 200 && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, tamper) };
    tamper = null;
  }
});

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The provider's own ID token with one thing changed, signed again with the provider's key. */
function resign(idToken, mode) {
  const [header, payload] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong-audience')
    Object.assign(claims, { aud: 'another-client', azp: 'another-client' });
  if (mode === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  if (mode === 'wrong-nonce') claims.nonce = 'a-nonce-from-another-sign-in';
  if (mode === 'wrong-issuer') claims.iss = 'https://issuer.invalid';
  const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  const input = `${b64(head)}.${b64(claims)}`;
  const signature = signBytes('sha256', Buffer.from(input), privateKey).toString('base64url');
  return `${input}.${signature}`;
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json'))
    return JSON.parse(text || '{}');
  return Object.fromEntries(new URLSearchParams(text));
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(type === 'application/json' ? JSON.stringify(body) : body);
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginForm(uid, error) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider sign-in</title></head>
<body><main><h1>Test identity provider</h1>${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login-email">Email</label> <input id="login-email" name="email" type="email" autocomplete="username">
<button type="submit">Sign in at the provider</button></form></main></body></html>`;
}

async function finishLogin(req, res, email) {
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: email } },
    { mergeWithLastSubmission: false },
  );
}

async function handleTest(req, res, path) {
  if (req.method === 'POST' && path === '/__test/accounts') {
    const body = await readBody(req);
    const email = String(body.email).toLowerCase();
    accounts.set(email, {
      sub: body.sub ?? `sub-${email}`,
      email: body.email,
      name: body.name ?? body.email,
      emailVerified: body.emailVerified ?? true,
      groups: body.groups,
    });
    return send(res, 204, '');
  }
  if (req.method === 'POST' && path === '/__test/next-login') {
    nextLogin = String((await readBody(req)).email).toLowerCase();
    return send(res, 204, '');
  }
  if (req.method === 'POST' && path === '/__test/tamper') {
    tamper = (await readBody(req)).mode;
    return send(res, 204, '');
  }
  if (req.method === 'GET' && path === '/__test/requests') return send(res, 200, seen);
  return send(res, 404, { error: 'unknown test endpoint' });
}

async function handleInteraction(req, res, path) {
  const [, , uid, step] = path.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, 'interaction mismatch', 'text/plain');
  if (req.method === 'GET' && !step) {
    if (nextLogin && accounts.has(nextLogin)) {
      const email = nextLogin;
      nextLogin = null;
      return finishLogin(req, res, email);
    }
    return send(res, 200, loginForm(uid), 'text/html; charset=utf-8');
  }
  if (req.method === 'POST' && step === 'login') {
    const email = String((await readBody(req)).email ?? '').toLowerCase();
    if (!accounts.has(email))
      return send(res, 200, loginForm(uid, 'No such account.'), 'text/html; charset=utf-8');
    return finishLogin(req, res, email);
  }
  return send(res, 404, 'not found', 'text/plain');
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  let handled;
  if (path.startsWith('/__test/')) handled = handleTest(req, res, path);
  else if (path.startsWith('/interaction/')) handled = handleInteraction(req, res, path);
  else return callback(req, res);
  handled.catch((error) => send(res, 500, { error: String(error?.message ?? error) }));
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
