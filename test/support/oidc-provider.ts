import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
}

export interface TestAccount {
  email: string;
  name?: string;
  groups?: string[];
  emailVerified?: boolean;
  sub?: string;
}

export type TamperMode = 'wrong-audience' | 'expired' | 'wrong-nonce' | 'wrong-issuer';

export interface ProviderRequests {
  authorization: Array<Record<string, string>>;
  token: Array<{ status: number; codeVerifierSent: boolean }>;
}

/** The real OpenID provider of test/support/oidc-provider.mjs, in a child process. */
export class TestOidcProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {}

  static async start(clients: TestClient[]): Promise<TestOidcProvider> {
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: { ...process.env, OIDC_TEST_CONFIG: JSON.stringify({ clients }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const issuer = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', (line) => resolve((JSON.parse(line) as { issuer: string }).issuer));
      child.once('exit', (code) =>
        reject(new Error(`The test OpenID provider exited (${code}): ${stderr}`)),
      );
    });
    return new TestOidcProvider(child, issuer);
  }

  async addAccount(account: TestAccount): Promise<void> {
    await this.post('/__test/accounts', account);
  }

  /** The provider's next sign-in page signs this account in without asking. */
  async signInNext(email: string): Promise<void> {
    await this.post('/__test/next-login', { email });
  }

  /** The next ID token the provider issues is changed and re-signed with its own key. */
  async tamperNextToken(mode: TamperMode): Promise<void> {
    await this.post('/__test/tamper', { mode });
  }

  async requests(): Promise<ProviderRequests> {
    const res = await fetch(`${this.issuer}/__test/requests`);
    return (await res.json()) as ProviderRequests;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }

  private async post(path: string, body: unknown): Promise<void> {
    const res = await fetch(`${this.issuer}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  }
}

/**
 * Follows the provider's redirects (its own cookies kept, as a browser would) from an
 * authorization URL until it sends the browser back to the application; returns that URL.
 */
export async function walkProvider(authorizationUrl: string, appOrigin: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(authorizationUrl);
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin === appOrigin) return url;
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
    }
    const location = res.headers.get('location');
    if (!location)
      throw new Error(
        `The provider answered ${res.status} at ${url.pathname}: ${await res.text()}`,
      );
    url = new URL(location, url);
  }
  throw new Error('Too many redirects at the provider');
}
