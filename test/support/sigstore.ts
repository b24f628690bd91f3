// A private Sigstore on loopback, for keyless signing without the internet: an OIDC issuer that
// mints tokens shaped like GitHub Actions' (and answers cosign as GitHub's token endpoint does),
// Fulcio with an ephemeral CA trusting that issuer, and a timestamp authority. No transparency log
// and no CT log run here: signatures carry signed timestamps instead, and the trusted root says so.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../platform/proc.mjs';
import { VERIFICATION_PREDICATE_TYPE } from '../../shared/release/verification.js';
import { passPredicateFile } from './cosign.js';
import { requireTool } from './tools.js';

/** What a GitHub Actions job's OIDC token says about it. */
export interface WorkflowIdentity {
  /** owner/name */
  repository: string;
  /** The workflow file, e.g. .github/workflows/release.yml */
  workflow: string;
  ref: string;
  sha?: string;
}

/** The certificate identity Fulcio gives a GitHub workflow: its job_workflow_ref as a URL. */
export function certificateIdentityOf(identity: WorkflowIdentity): string {
  return `https://github.com/${identity.repository}/${identity.workflow}@${identity.ref}`;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** An OIDC issuer: discovery, JWKS, and GitHub's token request endpoint (ACTIONS_ID_TOKEN_REQUEST_URL). */
export class OidcIssuer {
  readonly url: string;
  private readonly requestToken = randomBytes(16).toString('hex');
  private readonly identities = new Map<string, WorkflowIdentity>();

  private constructor(
    private readonly server: Server,
    private readonly key: KeyObject,
    private readonly kid: string,
  ) {
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(): Promise<OidcIssuer> {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = randomBytes(8).toString('hex');
    let issuer: OidcIssuer | undefined;
    const server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://issuer');
      const self = issuer as OidcIssuer;
      if (url.pathname === '/.well-known/openid-configuration')
        return send(200, {
          issuer: self.url,
          jwks_uri: `${self.url}/jwks`,
          response_types_supported: ['id_token'],
          subject_types_supported: ['public', 'pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          claims_supported: [
            'sub',
            'aud',
            'exp',
            'iat',
            'iss',
            'jti',
            'nbf',
            'repository',
            'job_workflow_ref',
          ],
        });
      if (url.pathname === '/jwks')
        return send(200, {
          keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }],
        });
      if (url.pathname === '/token') {
        // As GitHub's: the runner's request token as a bearer, the audience as a query parameter.
        if (req.headers.authorization?.toLowerCase() !== `bearer ${self.requestToken}`)
          return send(401, { message: 'bad request token' });
        const identity = self.identities.get(url.searchParams.get('job') ?? '');
        if (!identity) return send(404, { message: 'no such job' });
        return send(200, { value: self.token(identity, url.searchParams.get('audience') ?? 'sigstore') });
      }
      send(404, { message: 'not found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = new OidcIssuer(server, privateKey, kid);
    return issuer;
  }

  /** A token as GitHub mints for a job of `identity` (RS256, its claims' names and shapes). */
  token(identity: WorkflowIdentity, audience: string): string {
    const now = Math.floor(Date.now() / 1000);
    const [owner] = identity.repository.split('/');
    const sha = identity.sha ?? '0123456789abcdef0123456789abcdef01234567';
    const workflowRef = `${identity.repository}/${identity.workflow}@${identity.ref}`;
    const claims = {
      jti: randomBytes(8).toString('hex'),
      sub: `repo:${identity.repository}:ref:${identity.ref}`,
      aud: audience,
      ref: identity.ref,
      sha,
      repository: identity.repository,
      repository_owner: owner,
      repository_owner_id: '1',
      repository_id: '2',
      repository_visibility: 'private',
      run_id: '3',
      run_number: '1',
      run_attempt: '1',
      runner_environment: 'github-hosted',
      actor: 'octocat',
      actor_id: '4',
      workflow: 'release',
      workflow_ref: workflowRef,
      workflow_sha: sha,
      job_workflow_ref: workflowRef,
      job_workflow_sha: sha,
      event_name: 'push',
      ref_type: identity.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
      iss: this.url,
      nbf: now - 5,
      iat: now - 5,
      exp: now + 300,
    };
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(this.key);
    return `${unsigned}.${base64url(signature)}`;
  }

  /** The environment a job of `identity` has with `id-token: write`: cosign asks the endpoint. */
  jobEnv(identity: WorkflowIdentity): Record<string, string> {
    const job = randomBytes(6).toString('hex');
    this.identities.set(job, identity);
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}/token?job=${job}`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken,
    };
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function waitFor(url: string, child: ChildProcess, log: string): Promise<Response> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `${url}: the server exited:\n${readFileSync(log, 'utf8')
          .split('\n')
          .filter((line) => /error|fatal|panic/i.test(line) && !line.startsWith('\t'))
          .slice(0, 5)
          .join('\n')}`,
      );
    try {
      const response = await fetch(url);
      if (response.ok) return response;
    } catch {}
    if (Date.now() > deadline) throw new Error(`${url} did not answer within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface PrivateSigstore {
  issuers: OidcIssuer[];
  fulcioUrl: string;
  tsaUrl: string;
  /** cosign's trusted root (Fulcio's CA, the TSA's chain; no logs) and signing config. */
  trustedRoot: string;
  signingConfig: string;
  stop(): Promise<void>;
}

/** Fulcio trusting `issuerCount` OIDC issuers, a TSA, and the files cosign needs to use them. */
export async function startPrivateSigstore(issuerCount = 1): Promise<PrivateSigstore> {
  const dir = mkdtempSync(join(tmpdir(), 'sigstore-'));
  const issuers = await Promise.all(Array.from({ length: issuerCount }, () => OidcIssuer.start()));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(issuers.map((issuer) => issuer.stop()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const config = join(dir, 'fulcio.json');
    writeFileSync(
      config,
      JSON.stringify({
        OIDCIssuers: Object.fromEntries(
          issuers.map((issuer) => [
            issuer.url,
            { IssuerURL: issuer.url, ClientID: 'sigstore', Type: 'github-workflow' },
          ]),
        ),
      }),
    );
    /** Starts a server on loopback, its output in <dir>/<tool>.log; resolves `path` once it answers. */
    const serve = async (tool: string, port: number, args: string[], path: string) => {
      const log = join(dir, `${tool}.log`);
      const out = openSync(log, 'a');
      const child = spawn(
        requireTool(tool),
        ['serve', '--host', '127.0.0.1', '--port', String(port), ...args],
        {
          stdio: ['ignore', out, out],
        },
      );
      children.push(child);
      return (url: string) => waitFor(`${url}${path}`, child, log);
    };
    const fulcioPort = await freePort();
    const fulcioReady = await serve(
      'fulcio',
      fulcioPort,
      [
        '--grpc-host',
        '127.0.0.1',
        '--grpc-port',
        String(await freePort()),
        // Its metrics port is fixed at 2112 unless told (the TSA takes 2112 too).
        '--metrics-port',
        String(await freePort()),
        '--ca',
        'ephemeralca',
        '--ct-log-url',
        '',
        '--config-path',
        config,
      ],
      '/api/v2/trustBundle',
    );
    const tsaPort = await freePort();
    const tsaReady = await serve(
      'timestamp-server',
      tsaPort,
      ['--timestamp-signer', 'memory', '--disable-ntp-monitoring'],
      '/api/v1/timestamp/certchain',
    );
    const fulcioUrl = `http://127.0.0.1:${fulcioPort}`;
    const tsaUrl = `http://127.0.0.1:${tsaPort}`;
    const bundle = (await (await fulcioReady(fulcioUrl)).json()) as { chains: { certificates: string[] }[] };
    const fulcioChain = join(dir, 'fulcio-chain.pem');
    writeFileSync(fulcioChain, (bundle.chains[0]?.certificates ?? []).join(''));
    const tsaChain = join(dir, 'tsa-chain.pem');
    writeFileSync(tsaChain, await (await tsaReady(tsaUrl)).text());
    const start = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const cosign = requireTool('cosign');
    const trustedRoot = join(dir, 'trusted_root.json');
    execFileSync(cosign, [
      'trusted-root',
      'create',
      '--no-default-fulcio',
      '--no-default-rekor',
      '--no-default-ctfe',
      '--no-default-tsa',
      '--fulcio',
      `url=${fulcioUrl},certificate-chain=${fulcioChain},start-time=${start}`,
      '--tsa',
      `url=${tsaUrl}/api/v1/timestamp,certificate-chain=${tsaChain},start-time=${start}`,
      '--out',
      trustedRoot,
    ]);
    const signingConfig = join(dir, 'signing_config.json');
    execFileSync(cosign, [
      'signing-config',
      'create',
      '--fulcio',
      `url=${fulcioUrl},api-version=1,start-time=${start},operator=pipeline-test`,
      '--tsa',
      `url=${tsaUrl}/api/v1/timestamp,api-version=1,start-time=${start},operator=pipeline-test`,
      '--tsa-config',
      'ANY',
      '--out',
      signingConfig,
    ]);
    return { issuers, fulcioUrl, tsaUrl, trustedRoot, signingConfig, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** cosign with a job's token against the private Sigstore (async: the issuer answers in this process). */
async function cosignKeyless(
  sigstore: PrivateSigstore,
  command: string[],
  image: string,
  identity: WorkflowIdentity,
  issuer: number,
): Promise<void> {
  await promisify(execFile)(requireTool('cosign'), [
    ...command,
    '--yes',
    '--identity-token',
    (sigstore.issuers[issuer] as OidcIssuer).token(identity, 'sigstore'),
    '--signing-config',
    sigstore.signingConfig,
    '--trusted-root',
    sigstore.trustedRoot,
    '--allow-http-registry=true',
    '--allow-insecure-registry=true',
    image,
  ]);
}

/** Signs `image` keylessly as a job of `identity` (what build-push does with id-token: write). */
export function signKeyless(
  sigstore: PrivateSigstore,
  image: string,
  identity: WorkflowIdentity,
  issuer = 0,
): Promise<void> {
  return cosignKeyless(sigstore, ['sign'], image, identity, issuer);
}

/**
 * A verification attestation for `image` signed keylessly by a job of `identity` (as verify-slo's
 * job attests a pass): its token is given to cosign directly. Async: the issuer answers in this process.
 */
export async function attestVerificationKeyless(
  sigstore: PrivateSigstore,
  image: string,
  environment: string,
  identity: WorkflowIdentity,
  issuer = 0,
): Promise<void> {
  const path = passPredicateFile(image, environment);
  await cosignKeyless(
    sigstore,
    ['attest', '--type', VERIFICATION_PREDICATE_TYPE, '--predicate', path],
    image,
    identity,
    issuer,
  );
  rmSync(dirname(path), { recursive: true, force: true });
}

/** `cosign verify` of `image` by a keyless identity against the private root; throws when it does not verify. */
export async function verifyKeyless(
  sigstore: PrivateSigstore,
  image: string,
  identity: WorkflowIdentity,
  attestationType?: string,
): Promise<void> {
  const command = attestationType ? ['verify-attestation', '--type', attestationType] : ['verify'];
  await promisify(execFile)(requireTool('cosign'), [
    ...command,
    '--certificate-identity',
    certificateIdentityOf(identity),
    '--certificate-oidc-issuer',
    (sigstore.issuers[0] as OidcIssuer).url,
    '--trusted-root',
    sigstore.trustedRoot,
    '--insecure-ignore-tlog=true',
    '--insecure-ignore-sct=true',
    '--use-signed-timestamps=true',
    '--allow-http-registry=true',
    '--allow-insecure-registry=true',
    image,
  ]);
}
