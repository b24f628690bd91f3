// The real node's pod network, all on this machine: a bridge of ours holding the node's address
// (the pods' gateway), the CNI configuration containerd hands its pods to, blackhole routes so no
// packet for a cluster range ever takes the default route off the machine, and a forwarding rule
// (mangle FORWARD, ahead of kube-proxy's) that lets pods reach each other and the host but nothing
// beyond it.
//
// Forwarding is enabled on our bridge only (net.ipv4.conf.pipeline0.forwarding), never the
// machine-wide ip_forward: that is also why the CNI bridge plugin runs with isGateway false (with
// true it turns on ip_forward for every interface) and the gateway address is ours.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_CIDR } from './apiserver.mjs';

export const NODE_NETWORK = {
  bridge: 'pipeline0',
  /** The real node's pods; kwok hands out 10.244.0.0/16 to its fake ones. */
  podCIDR: '10.245.0.0/24',
  /** The bridge's address: the pods' gateway and the node's InternalIP (it cannot be loopback). */
  nodeIP: '10.245.0.1',
  /** Both pod ranges, for kube-proxy's clusterCIDR. */
  clusterCIDR: '10.244.0.0/15',
  kwokPodRange: '10.244.0.0/16',
  serviceRange: SERVICE_CIDR,
  cniNetwork: 'pipeline',
};

/**
 * Ranges nothing may route off the machine. A blackhole route drops them; the real node's /24 on
 * the bridge is more specific and still wins for its pods. The Service range is routed onto our
 * bridge instead of a blackhole: a connect() from the host needs a route before kube-proxy's
 * OUTPUT DNAT rewrites the address (a blackhole fails it at once), and on the bridge an unknown
 * Service address only meets our own pods.
 */
const BLACKHOLE_RANGES = [NODE_NETWORK.kwokPodRange, '10.245.0.0/16'];
const FORWARD_CHAIN = 'PIPELINE-NODE-FORWARD';
const FORWARD_TABLE = 'mangle';

function run(command, args, { input, allowFailure = false } = {}) {
  try {
    return execFileSync(command, args, {
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 30_000,
    }).toString();
  } catch (error) {
    if (allowFailure) return undefined;
    const stderr = error.stderr?.toString().trim();
    throw new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`);
  }
}

const ip = (args, options) => run('ip', args, options);
const iptables = (args, options) => run('iptables', ['-w', '5', ...args], options);

function linkExists(name) {
  return ip(['link', 'show', 'dev', name], { allowFailure: true }) !== undefined;
}

function writeSysctl(path, value) {
  writeFileSync(path, `${value}\n`);
}

/** br_netfilter: bridged pod-to-pod replies pass iptables, so Service DNAT is undone on them. */
function ensureBridgeNetfilter() {
  const setting = '/proc/sys/net/bridge/bridge-nf-call-iptables';
  if (!existsSync(setting)) run('modprobe', ['br_netfilter']);
  if (readFileSync(setting, 'utf8').trim() !== '1') writeSysctl(setting, 1);
}

/**
 * Our chain in the mangle table's FORWARD, which runs before the filter table's: kube-proxy puts
 * its own jumps at the top of filter FORWARD, and its KUBE-FORWARD accepts marked Service traffic
 * (a Service's endpoint may be any address), so a drop there could come too late. Pods talk to
 * pods on the bridge, and to the host (not forwarded); nothing else, either way.
 */
function ensureForwardChain() {
  const { bridge } = NODE_NETWORK;
  const mangle = (args, options) => iptables(['-t', FORWARD_TABLE, ...args], options);
  if (mangle(['-S', FORWARD_CHAIN], { allowFailure: true }) === undefined) mangle(['-N', FORWARD_CHAIN]);
  mangle(['-F', FORWARD_CHAIN]);
  const comment = (text) => ['-m', 'comment', '--comment', `pipeline real node: ${text}`];
  mangle([
    '-A',
    FORWARD_CHAIN,
    '-i',
    bridge,
    '!',
    '-o',
    bridge,
    ...comment('pods reach nothing off this machine'),
    '-j',
    'DROP',
  ]);
  mangle([
    '-A',
    FORWARD_CHAIN,
    '!',
    '-i',
    bridge,
    '-o',
    bridge,
    ...comment('nothing from outside reaches pods'),
    '-j',
    'DROP',
  ]);
  const jump = ['FORWARD', '-j', FORWARD_CHAIN];
  if (mangle(['-C', ...jump], { allowFailure: true }) === undefined) mangle(['-I', ...jump]);
}

function removeForwardChain() {
  // (filter: where an earlier version of this file put it)
  for (const table of [FORWARD_TABLE, 'filter']) {
    const inTable = (args) => iptables(['-t', table, ...args], { allowFailure: true });
    while (inTable(['-D', 'FORWARD', '-j', FORWARD_CHAIN]) !== undefined);
    if (inTable(['-S', FORWARD_CHAIN]) !== undefined) {
      inTable(['-F', FORWARD_CHAIN]);
      inTable(['-X', FORWARD_CHAIN]);
    }
  }
}

/**
 * Creates or repairs the bridge, its address, the routes, forwarding on the bridge and our FORWARD
 * chain. Idempotent: run before containerd starts, and again after a crash.
 */
export function ensureNodeNetwork() {
  const { bridge, nodeIP, podCIDR, serviceRange } = NODE_NETWORK;
  if (!linkExists(bridge)) ip(['link', 'add', 'name', bridge, 'type', 'bridge']);
  ip(['addr', 'replace', `${nodeIP}/${podCIDR.split('/')[1]}`, 'dev', bridge]);
  ip(['link', 'set', 'dev', bridge, 'up']);
  for (const range of BLACKHOLE_RANGES) ip(['route', 'replace', 'blackhole', range]);
  ip(['route', 'replace', serviceRange, 'dev', bridge, 'src', nodeIP]);
  ensureBridgeNetfilter();
  writeSysctl(`/proc/sys/net/ipv4/conf/${bridge}/forwarding`, 1);
  ensureForwardChain();
}

/** The veth ends of pods still on the bridge (their network namespaces not yet gone). */
function bridgePorts() {
  const out = ip(['-j', 'link', 'show', 'master', NODE_NETWORK.bridge], { allowFailure: true });
  if (!out) return [];
  return JSON.parse(out).map((link) => link.ifname);
}

/** Removes what ensureNodeNetwork made; what is already gone is skipped. */
export function removeNodeNetwork() {
  const { bridge, serviceRange } = NODE_NETWORK;
  removeForwardChain();
  for (const range of BLACKHOLE_RANGES) ip(['route', 'del', 'blackhole', range], { allowFailure: true });
  ip(['route', 'del', serviceRange, 'dev', bridge], { allowFailure: true });
  for (const port of bridgePorts()) ip(['link', 'del', 'dev', port], { allowFailure: true });
  if (linkExists(bridge)) ip(['link', 'del', 'dev', bridge]);
}

/** What of the node network exists now (for tests and `down` checks). */
export function nodeNetworkLeftovers() {
  const left = [];
  if (linkExists(NODE_NETWORK.bridge)) left.push(`bridge ${NODE_NETWORK.bridge}`);
  const routes = ip(['route', 'show'], { allowFailure: true }) ?? '';
  for (const range of [...BLACKHOLE_RANGES, NODE_NETWORK.serviceRange])
    if (routes.split('\n').some((line) => line.includes(range))) left.push(`route ${range}`);
  for (const table of [FORWARD_TABLE, 'filter'])
    if (iptables(['-t', table, '-S', FORWARD_CHAIN], { allowFailure: true }) !== undefined)
      left.push(`iptables -t ${table} chain ${FORWARD_CHAIN}`);
  return left;
}

/**
 * The CNI network containerd gives each pod: a veth on our bridge, an address from the node's
 * range (host-local, its allocations under `dataDir`), a default route via the bridge, host ports
 * (portmap). containerd adds the pod's loopback itself (the `loopback` plugin from binDir).
 */
export function writeCniConfig(confDir, dataDir) {
  const { bridge, podCIDR, nodeIP, cniNetwork } = NODE_NETWORK;
  mkdirSync(confDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  const conflist = {
    cniVersion: '1.0.0',
    name: cniNetwork,
    plugins: [
      {
        type: 'bridge',
        bridge,
        isGateway: false,
        ipMasq: false, // nothing leaves the machine, so nothing needs the host's address
        hairpinMode: true, // a pod reaches itself through its own Service
        ipam: {
          type: 'host-local',
          ranges: [[{ subnet: podCIDR, gateway: nodeIP }]],
          routes: [{ dst: '0.0.0.0/0', gw: nodeIP }],
          dataDir,
        },
      },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  const file = join(confDir, `10-${cniNetwork}.conflist`);
  writeFileSync(file, `${JSON.stringify(conflist, null, 2)}\n`);
  return file;
}

/** Removes host-local's allocations (the pods they were for are gone). */
export function clearIpamAllocations(dataDir) {
  rmSync(dataDir, { recursive: true, force: true });
}
