// The platform's certificates, made with openssl (argv arrays, never a shell): a CA, the apiserver
// serving certificate, one client certificate per identity, the service-account signing key, and
// self-contained kubeconfigs (certificates embedded, so a kubeconfig can be copied anywhere).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function openssl(args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function newKey(path) {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]);
  chmodSync(path, 0o600);
}

function ensureCa(dir) {
  const key = join(dir, 'ca.key');
  const crt = join(dir, 'ca.crt');
  if (existsSync(key) && existsSync(crt)) return { key, crt };
  newKey(key);
  const cnf = join(dir, 'ca.cnf');
  writeFileSync(
    cnf,
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = pipeline-platform-ca',
      '[v3_ca]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign,digitalSignature',
      'subjectKeyIdentifier = hash',
      '',
    ].join('\n'),
  );
  openssl(
    ['req', '-x509', '-new', '-key', key, '-config', cnf, '-extensions', 'v3_ca', '-days', '3650'].concat([
      '-out',
      crt,
    ]),
  );
  rmSync(cnf);
  return { key, crt };
}

/**
 * A certificate signed by the CA. `subject` is an openssl subject (`/O=group/CN=user`), `usage`
 * `serverAuth` or `clientAuth`; `sans` adds subjectAltName entries (`IP:127.0.0.1`, `DNS:…`).
 */
function ensureLeaf(dir, ca, name, { subject, usage, sans = [] }) {
  const key = join(dir, `${name}.key`);
  const crt = join(dir, `${name}.crt`);
  if (existsSync(key) && existsSync(crt)) return { key, crt };
  newKey(key);
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  openssl(['req', '-new', '-key', key, '-subj', subject, '-out', csr]);
  writeFileSync(
    ext,
    [
      'basicConstraints = CA:FALSE',
      'keyUsage = critical,digitalSignature,keyEncipherment',
      `extendedKeyUsage = ${usage}`,
      'authorityKeyIdentifier = keyid',
      ...(sans.length ? [`subjectAltName = ${sans.join(',')}`] : []),
      '',
    ].join('\n'),
  );
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca.crt,
    '-CAkey',
    ca.key,
    '-set_serial',
    `0x${randomBytes(12).toString('hex')}`,
    '-days',
    '825',
    '-extfile',
    ext,
    '-out',
    crt,
  ]);
  rmSync(csr);
  rmSync(ext);
  return { key, crt };
}

function ensureServiceAccountKey(dir) {
  const key = join(dir, 'sa.key');
  const pub = join(dir, 'sa.pub');
  if (!existsSync(key) || !existsSync(pub)) {
    openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', key]);
    chmodSync(key, 0o600);
    openssl(['pkey', '-in', key, '-pubout', '-out', pub]);
  }
  return { key, pub };
}

/** Client identities: the file name, the certificate subject. */
export const IDENTITIES = {
  admin: '/O=system:masters/CN=pipeline-admin',
  'kube-controller-manager': '/CN=system:kube-controller-manager',
  'kube-scheduler': '/CN=system:kube-scheduler',
  kwok: '/O=system:masters/CN=kwok',
  deployer: '/O=pipeline-deployers/CN=pipeline-deployer',
  // The real node (components/node.mjs): the apiserver calling kubelets (logs, exec), bound to
  // system:kubelet-api-admin; kube-proxy, bound to system:node-proxier by the built-in binding.
  'apiserver-kubelet-client': '/CN=kube-apiserver-kubelet-client',
  'kube-proxy': '/CN=system:kube-proxy',
  // Prometheus: the kubelet's /metrics/cadvisor and discovery of pods through the apiserver
  // (ClusterRole pipeline:prometheus, applied with the real node).
  prometheus: '/CN=pipeline-prometheus',
};

/** Creates (once) every certificate and key the control plane needs; returns their paths. */
export function ensurePki(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = ensureCa(dir);
  const apiserver = ensureLeaf(dir, ca, 'apiserver', {
    subject: '/CN=kube-apiserver',
    usage: 'serverAuth',
    sans: [
      'IP:127.0.0.1',
      'IP:10.96.0.1',
      'DNS:localhost',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
    ],
  });
  const clients = {};
  for (const [name, subject] of Object.entries(IDENTITIES))
    clients[name] = ensureLeaf(dir, ca, `client-${name}`, { subject, usage: 'clientAuth' });
  return { ca, apiserver, clients, serviceAccount: ensureServiceAccountKey(dir) };
}

/**
 * One more certificate signed by the platform CA in `dir`, made once (a node's serving and client
 * certificates): `subject`, `usage` (serverAuth or clientAuth) and `sans` as for the others.
 */
export function ensureCertificate(dir, name, options) {
  return ensureLeaf(dir, ensureCa(dir), name, options);
}

/** A kubeconfig with the CA and the client certificate embedded. */
export function writeKubeconfig(path, { server, ca, client, user, namespace }) {
  const b64 = (file) => readFileSync(file).toString('base64');
  const context = `pipeline-platform-${user}`;
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: pipeline-platform',
      '  cluster:',
      `    server: ${server}`,
      `    certificate-authority-data: ${b64(ca.crt)}`,
      'users:',
      `- name: ${user}`,
      '  user:',
      `    client-certificate-data: ${b64(client.crt)}`,
      `    client-key-data: ${b64(client.key)}`,
      'contexts:',
      `- name: ${context}`,
      '  context:',
      '    cluster: pipeline-platform',
      `    user: ${user}`,
      ...(namespace ? [`    namespace: ${namespace}`] : []),
      `current-context: ${context}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return path;
}
