// Registry credentials go only to the registry they were given for, and only once it asks: real
// loopback servers stand for the registry, its token realm and "another host" (issue #14).
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addToReferrersTag,
  parseChallenges,
  RegistryClient,
  trustedTokenRealm,
} from '../../shared/release/registry.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

interface TestServer {
  /** host:port, as a RegistryClient is given it. */
  address: string;
  seen: Seen[];
}

const USERNAME = 'ci-bot';
const PASSWORD = 's3cret-password';
const BASIC = `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64')}`;
const DIGEST = `sha256:${'c'.repeat(64)}`;
const fast = { attempts: 1, backoffMs: 1 };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

async function listen(host: string, handler: RequestListener): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  servers.push(server);
  const address = server.address();
  return { address: `${host}:${typeof address === 'object' && address ? address.port : 0}`, seen };
}

/** "Another host": 127.0.0.2 where it binds, else another port (the client keys on host:port). */
async function listenElsewhere(handler: RequestListener): Promise<TestServer> {
  try {
    return await listen('127.0.0.2', handler);
  } catch {
    return await listen('127.0.0.1', handler);
  }
}

/** Anything in a request that would carry the password: the Authorization header, or the password itself. */
function credentialsIn(requests: Seen[]): string[] {
  return requests.flatMap((request) => {
    const text = JSON.stringify(request);
    const found = [];
    if (request.headers.authorization) found.push(`${request.url}: ${request.headers.authorization}`);
    if (text.includes(PASSWORD) || text.includes(BASIC.slice('Basic '.length)))
      found.push(`${request.url}: the password`);
    return found;
  });
}

const manifestFound: RequestListener = (_req, res) => {
  res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
};

/** A token realm that answers `tokens` in turn, whoever asks. */
async function tokenRealm(...tokens: string[]): Promise<TestServer> {
  let issued = 0;
  return listen('127.0.0.1', (_req, res) => {
    const token = tokens[Math.min(issued++, tokens.length - 1)];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
  });
}

/** A registry that wants `Bearer <accepted()>` and otherwise challenges for the repository asked for. */
async function bearerRegistry(
  realm: string,
  accepted: () => string,
  then: RequestListener = manifestFound,
): Promise<TestServer> {
  return listen('127.0.0.1', (req, res) => {
    if (req.headers.authorization === `Bearer ${accepted()}`) return then(req, res);
    const repository = /^\/v2\/(.+?)\/(manifests|blobs|referrers)\//.exec(req.url ?? '')?.[1];
    res
      .writeHead(401, {
        'www-authenticate': `Bearer realm="${realm}",service="test-registry",scope="repository:${repository}:pull"`,
        'content-type': 'application/json',
      })
      .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: `access to ${repository} denied` }] }));
  });
}

describe('registry credentials: first request', () => {
  it('a registry that never challenges receives no Authorization header at all', async () => {
    const registry = await listen('127.0.0.1', manifestFound);
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    for (const tag of ['1.0', '1.1'])
      expect(await client.resolve({ registry: registry.address, repository: 'team/app', tag })).toBe(DIGEST);
    expect(registry.seen).toHaveLength(2);
    expect(credentialsIn(registry.seen)).toEqual([]);
  });
});

describe('a tag resolves to a digest, never to what else a registry says', () => {
  it('a Docker-Content-Digest that is not sha256 and 64 hex characters, or none, is refused', async () => {
    for (const header of ['sha256:abc@evil.example/x', `sha256:${'C'.repeat(64)}\t`, undefined]) {
      const registry = await listen('127.0.0.1', (_req, res) => {
        res.writeHead(200, header === undefined ? {} : { 'docker-content-digest': header }).end();
      });
      const client = new RegistryClient(registry.address, fast);
      await expect(
        client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' }),
      ).rejects.toThrow(`registry ${registry.address}: HEAD team/app:1.0 answered without a digest`);
    }
  });
});

describe('registry credentials: Bearer token flow', () => {
  it('the realm receives the Basic credentials, the registry only the token', async () => {
    const realm = await tokenRealm('token-1');
    const registry = await bearerRegistry(`http://${realm.address}/token`, () => 'token-1');
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });

    expect(await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' })).toBe(
      DIGEST,
    );
    expect(realm.seen).toHaveLength(1);
    expect(realm.seen[0]?.headers.authorization).toBe(BASIC);
    const query = new URL(realm.seen[0]?.url ?? '', 'http://realm').searchParams;
    expect(query.get('service')).toBe('test-registry');
    expect(query.getAll('scope')).toEqual(['repository:team/app:pull']);

    expect(registry.seen.map((request) => request.headers.authorization)).toEqual([
      undefined,
      'Bearer token-1',
    ]);
    expect(JSON.stringify(registry.seen)).not.toContain(PASSWORD);
    expect(JSON.stringify(registry.seen)).not.toContain(BASIC.slice('Basic '.length));
  });

  it('caches the token per scope: the same repository reuses it, another starts anonymous', async () => {
    const realm = await tokenRealm('token-1');
    const registry = await bearerRegistry(`http://${realm.address}/token`, () => 'token-1');
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' });
    await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.1' });
    expect(realm.seen).toHaveLength(1);
    expect(registry.seen.map((request) => request.headers.authorization)).toEqual([
      undefined,
      'Bearer token-1',
      'Bearer token-1',
    ]);

    await client.resolve({ registry: registry.address, repository: 'team/other', tag: '1.0' });
    expect(registry.seen[3]?.headers.authorization).toBeUndefined();
    expect(new URL(realm.seen[1]?.url ?? '', 'http://realm').searchParams.getAll('scope')).toEqual([
      'repository:team/other:pull',
    ]);
  });

  it('a push asks for push as well as the scope the challenge names', async () => {
    const realm = await tokenRealm('push-token');
    const registry = await bearerRegistry(`http://${realm.address}/token`, () => 'push-token');
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    const response = await client.request(
      'HEAD',
      '/v2/team/app/blobs/sha256:x',
      'team/app',
      ['*/*'],
      undefined,
      'pull,push',
    );
    expect(response.status).toBe(200);
    expect(new URL(realm.seen[0]?.url ?? '', 'http://realm').searchParams.getAll('scope')).toEqual([
      'repository:team/app:pull,push',
      'repository:team/app:pull',
    ]);
  });

  it('an expired token is replaced once', async () => {
    const realm = await tokenRealm('token-1', 'token-2');
    let accepted = 'token-1';
    const registry = await bearerRegistry(`http://${realm.address}/token`, () => accepted);
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' });
    accepted = 'token-2';
    await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' });
    expect(realm.seen).toHaveLength(2);
    expect(registry.seen.map((request) => request.headers.authorization)).toEqual([
      undefined,
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('without credentials the token is anonymous: the realm gets no Authorization either', async () => {
    const realm = await tokenRealm('anonymous-token');
    const registry = await bearerRegistry(`http://${realm.address}/token`, () => 'anonymous-token');
    const client = new RegistryClient(registry.address, fast);
    expect(await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' })).toBe(
      DIGEST,
    );
    expect(credentialsIn(realm.seen)).toEqual([]);
    expect(registry.seen.map((request) => request.headers.authorization)).toEqual([
      undefined,
      'Bearer anonymous-token',
    ]);
  });

  it('a 401 after the token flow fails with one line naming the registry and the repository', async () => {
    const realm = await tokenRealm('token-1');
    const registry = await bearerRegistry(`http://${realm.address}/token`, () => 'never-this');
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    const failure = client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' });
    await expect(failure).rejects.toThrow(
      `registry ${registry.address}: HTTP 401 Unauthorized for repository team/app after authenticating`,
    );
    await expect(failure).rejects.toThrow(/^[^\n]+$/);
    expect(registry.seen).toHaveLength(2);
  });

  it('a 401 after an anonymous token says no credentials were given, and never passes silently', async () => {
    const realm = await tokenRealm('anonymous-token');
    const registry = await bearerRegistry(`http://${realm.address}/token`, () => 'never-this');
    const client = new RegistryClient(registry.address, fast);
    await expect(client.referrersIndex('team/app', DIGEST)).rejects.toThrow(
      `registry ${registry.address}: HTTP 401 Unauthorized for repository team/app after authenticating anonymously (no credentials were given): access to team/app denied`,
    );
  });

  it('a realm that is plain http off loopback is refused before anything is sent there', async () => {
    const registry = await bearerRegistry('http://auth.example.test/token', () => 'never-this');
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    await expect(
      client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' }),
    ).rejects.toThrow(
      `registry ${registry.address}: refusing its token realm http://auth.example.test/token: plain http to auth.example.test`,
    );
    expect(credentialsIn(registry.seen)).toEqual([]);
  });
});

describe('registry credentials: Basic challenge', () => {
  const basicRegistry = () =>
    listen('127.0.0.1', (req, res) => {
      if (req.headers.authorization === BASIC) return manifestFound(req, res);
      res.writeHead(401, { 'www-authenticate': 'Basic realm="test-registry"' }).end();
    });

  it('answers it with the credentials, then sends them to that registry straight away', async () => {
    const registry = await basicRegistry();
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' });
    await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.1' });
    expect(registry.seen.map((request) => request.headers.authorization)).toEqual([undefined, BASIC, BASIC]);
  });

  it('without credentials it fails, naming the registry and the repository', async () => {
    const registry = await basicRegistry();
    const client = new RegistryClient(registry.address, fast);
    await expect(
      client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' }),
    ).rejects.toThrow(
      `registry ${registry.address}: HTTP 401 Unauthorized for repository team/app and no credentials were given for it`,
    );
  });
});

describe('registry credentials: other hosts', () => {
  it('another host never sees the credentials of the registry the client was made for', async () => {
    const otherHost = await listenElsewhere(manifestFound);
    const registry = await listen('127.0.0.1', (req, res) => {
      if (req.headers.authorization !== BASIC)
        return res.writeHead(401, { 'www-authenticate': 'Basic realm="test-registry"' }).end();
      res.writeHead(200, { 'docker-content-digest': DIGEST }).end();
    });
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    await client.resolve({ registry: registry.address, repository: 'team/app', tag: '1.0' });
    // An upload location (or any absolute URL) on another host gets no Authorization, even once
    // the registry has asked for Basic auth.
    const response = await client.request('GET', `http://${otherHost.address}/upload/1`, 'team/app', ['*/*']);
    expect(response.status).toBe(200);
    // A client for the other host, made without credentials, sends none either.
    const otherClient = new RegistryClient(otherHost.address, fast);
    await otherClient.resolve({ registry: otherHost.address, repository: 'team/app', tag: '1.0' });
    expect(otherHost.seen).toHaveLength(2);
    expect(credentialsIn(otherHost.seen)).toEqual([]);
    expect(registry.seen.at(-1)?.headers.authorization).toBe(BASIC);
  });

  it('a blob redirected to another host arrives there without Authorization', async () => {
    const storage = await listenElsewhere((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end('layer bytes');
    });
    const realm = await tokenRealm('token-1');
    const registry = await bearerRegistry(
      `http://${realm.address}/token`,
      () => 'token-1',
      (req, res) => {
        if (req.url?.startsWith('/v2/team/app/blobs/'))
          return res.writeHead(307, { location: `/internal${req.url}` }).end();
        if (req.url?.startsWith('/internal/'))
          return res.writeHead(307, { location: `http://${storage.address}/bucket/layer?signed=1` }).end();
        manifestFound(req, res);
      },
    );
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    const blob = await client.request('GET', `/v2/team/app/blobs/${DIGEST}`, 'team/app', ['*/*']);
    expect(blob.status).toBe(200);
    expect(await blob.text()).toBe('layer bytes');
    // A redirect within the registry keeps the token; the hop to storage drops it.
    expect(
      registry.seen.map((request) => [request.url.split('/')[1], request.headers.authorization]),
    ).toEqual([
      ['v2', undefined],
      ['v2', 'Bearer token-1'],
      ['internal', 'Bearer token-1'],
    ]);
    expect(storage.seen).toHaveLength(1);
    expect(credentialsIn(storage.seen)).toEqual([]);
  });

  it('a 401 from the host a redirect led to is an error, not a reason to send it credentials', async () => {
    const storage = await listenElsewhere((_req, res) => {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="storage"' }).end();
    });
    const registry = await listen('127.0.0.1', (_req, res) => {
      res.writeHead(307, { location: `http://${storage.address}/bucket/layer` }).end();
    });
    const client = new RegistryClient(registry.address, { username: USERNAME, password: PASSWORD, ...fast });
    await expect(client.request('GET', `/v2/team/app/blobs/${DIGEST}`, 'team/app', ['*/*'])).rejects.toThrow(
      `registry ${registry.address}: HTTP 401 Unauthorized for repository team/app from `,
    );
    expect(storage.seen).toHaveLength(1);
    expect(credentialsIn([...storage.seen, ...registry.seen])).toEqual([]);
  });

  it("a failing hop to storage is one line without the signed URL's query (a credential)", async () => {
    const storage = await listenElsewhere((_req, res) => {
      res.writeHead(503, 'Service Unavailable').end();
    });
    const registry = await listen('127.0.0.1', (_req, res) => {
      res
        .writeHead(307, {
          location: `http://${storage.address}/bucket/layer?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=f00dfeed`,
        })
        .end();
    });
    const client = new RegistryClient(registry.address, fast);
    const failure = client.request('GET', `/v2/team/app/blobs/${DIGEST}`, 'team/app', ['*/*']);
    await expect(failure).rejects.toThrow(
      `registry ${registry.address}: HTTP 503 Service Unavailable (gave up after 1 attempts on http://${storage.address}/bucket/layer?…)`,
    );
    await expect(failure).rejects.not.toThrow(/AKIAEXAMPLE|f00dfeed/);
  });
});

describe('token realm validation', () => {
  it.each([
    ['https://auth.example.com/token', 'https://registry.example.com'],
    ['https://auth.example.com/token', 'http://127.0.0.1:5000'],
    ['http://127.0.0.1:5001/token', 'http://127.0.0.1:5000'],
    ['http://localhost:5001/token', 'http://127.0.0.1:5000'],
    // An insecure (plain http) registry may name a realm on its own host.
    ['http://registry.internal:5001/token', 'http://registry.internal:5000'],
  ])('trusts %s for %s', (realm, registry) => {
    expect(trustedTokenRealm(realm, registry)).toBeInstanceOf(URL);
  });

  it.each([
    ['http://auth.example.com/token', 'https://registry.example.com', 'in the clear'],
    ['http://127.0.0.1:5001/token', 'https://registry.example.com', 'in the clear'],
    ['http://auth.example.com/token', 'http://127.0.0.1:5000', 'neither loopback'],
    ['http://auth.example.com/token', 'http://registry.internal:5000', 'neither loopback'],
    ['ftp://auth.example.com/token', 'https://registry.example.com', 'neither https nor http'],
    ['/token', 'https://registry.example.com', 'not a URL'],
  ])('refuses %s for %s', (realm, registry, why) => {
    expect(trustedTokenRealm(realm, registry)).toContain(why);
  });

  it('drops credentials written into the realm', () => {
    const realm = trustedTokenRealm('https://someone:else@auth.example.com/token', 'https://r.example.com');
    expect(realm).toBeInstanceOf(URL);
    expect(String(realm)).toBe('https://auth.example.com/token');
  });
});

describe('WWW-Authenticate', () => {
  it('parses a Bearer challenge, commas inside quotes included', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:team/app:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example.com/token',
          service: 'registry.example.com',
          scope: 'repository:team/app:pull,push',
        },
      },
    ]);
  });

  it('parses several challenges in one header', () => {
    expect(parseChallenges('Basic realm="r", Bearer realm="https://a/token"')).toEqual([
      { scheme: 'basic', params: { realm: 'r' } },
      { scheme: 'bearer', params: { realm: 'https://a/token' } },
    ]);
  });
});

describe('referrers (OCI 1.1): no API is an empty list, any other failure is a failure', () => {
  const ref = (n: number) => `sha256:${String(n).repeat(64)}`;
  const serve = (answer: (url: string) => { status: number; body?: string; link?: string }) =>
    listen('127.0.0.1', (req, res) => {
      const { status, body, link } = answer(req.url ?? '');
      res.writeHead(status, {
        'content-type': 'application/vnd.oci.image.index.v1+json',
        ...(link ? { link } : {}),
      });
      res.end(body ?? '');
    });
  const index = (...digests: string[]) =>
    JSON.stringify({ schemaVersion: 2, manifests: digests.map((digest) => ({ digest, size: 1 })) });

  it('404 (a registry without the API) is an empty list: the tag fallback holds the artifacts', async () => {
    const registry = await serve(() => ({ status: 404, body: '404 page not found' }));
    expect(await new RegistryClient(registry.address, fast).referrersIndex('team/app', DIGEST)).toEqual({
      api: false,
      manifests: [],
    });
  });

  it('reads every page the Link header names', async () => {
    const registry = await serve((url) =>
      url.includes('last=')
        ? { status: 200, body: index(ref(3)) }
        : {
            status: 200,
            body: index(ref(1), ref(2)),
            link: `</v2/team/app/referrers/${DIGEST}?n=2&last=${ref(2)}>; rel="next"`,
          },
    );
    const listed = await new RegistryClient(registry.address, fast).referrersIndex('team/app', DIGEST);
    expect(listed.api).toBe(true);
    expect(listed.manifests.map((entry) => entry.digest)).toEqual([ref(1), ref(2), ref(3)]);
  });

  it('a server error, a body that is not an index, or an entry without a digest is one line, never []', async () => {
    const cases: [{ status: number; body?: string }, RegExp][] = [
      [{ status: 500 }, /HTTP 500 Internal Server Error \(gave up after 1 attempts on http:.*\/referrers\//],
      [{ status: 400 }, /listing the referrers of team\/app@sha256:c+ answered HTTP 400$/],
      [{ status: 200, body: '<html>' }, /are not an OCI index \(not JSON\)$/],
      [
        { status: 200, body: JSON.stringify({ manifests: [{ digest: 'md5:x' }] }) },
        /list a manifest without a sha256 digest$/,
      ],
    ];
    for (const [answer, message] of cases) {
      const registry = await serve(() => answer);
      await expect(
        new RegistryClient(registry.address, fast).referrersIndex('team/app', DIGEST),
      ).rejects.toThrow(message);
    }
  });
  it('the referrers tag schema: created, extended without duplicates, and never written over something else', async () => {
    const tag = DIGEST.replace(':', '-');
    let stored: string | undefined;
    const puts: string[] = [];
    const registry = await listen('127.0.0.1', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.url !== `/v2/team/app/manifests/${tag}`) return res.writeHead(404).end();
        if (req.method === 'PUT') {
          stored = Buffer.concat(chunks).toString();
          puts.push(req.headers['content-type'] ?? '');
          return res.writeHead(201).end();
        }
        if (stored === undefined) return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json' }).end(stored);
      });
    });
    const client = new RegistryClient(registry.address, fast);
    const signature = {
      digest: ref(1),
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 700,
      artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    };
    const attestation = { ...signature, digest: ref(2), size: 900 };
    expect(await addToReferrersTag(client, 'team/app', DIGEST, [signature])).toBe(1);
    expect(await addToReferrersTag(client, 'team/app', DIGEST, [signature, attestation])).toBe(1);
    expect(await addToReferrersTag(client, 'team/app', DIGEST, [attestation])).toBe(0);
    expect(puts).toEqual([
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.oci.image.index.v1+json',
    ]);
    expect(JSON.parse(stored as string)).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [signature, attestation],
    });
    await expect(addToReferrersTag(client, 'team/app', DIGEST, [{ digest: ref(3) }])).rejects.toThrow(
      `the referrers tag team/app:${tag} cannot list ${ref(3)}: its descriptor has no mediaType or size`,
    );
    stored = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      layers: [],
    });
    await expect(
      addToReferrersTag(client, 'team/app', DIGEST, [{ ...signature, digest: ref(4) }]),
    ).rejects.toThrow(
      `the referrers tag team/app:${tag} holds something other than an OCI image index; not overwriting it`,
    );
    expect(puts).toHaveLength(2);
  });
});
