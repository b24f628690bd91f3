// The stand-in apps (../standin-app.mjs), one process per color, and setApp/resetApps that steer
// their behaviour over /control.
import { join } from 'node:path';
import { httpOk } from '../clients.mjs';
import { httpGet } from '../proc.mjs';
import { COLORS, currentPorts, platformAddresses } from '../state.mjs';

export default function standinApps({ ports, platformDir }) {
  return COLORS.map((color) => ({
    name: `app-${color}`,
    command: process.execPath,
    match: 'standin-app.mjs',
    ports: [ports[color]],
    args: [join(platformDir, 'standin-app.mjs'), '--color', color, '--port', String(ports[color])],
    ready: () => httpOk(`http://127.0.0.1:${ports[color]}/control`),
    timeoutMs: 15_000,
  }));
}

/** The stand-in apps' behaviour. */
export async function setApp(color, settings) {
  const { apps } = platformAddresses(currentPorts());
  if (!apps[color])
    throw new Error(`setApp: no stand-in app '${color}' (have ${Object.keys(apps).join(', ')})`);
  const response = await httpGet(`${apps[color]}/control`, {
    method: 'POST',
    body: JSON.stringify(settings),
  });
  if (response.status !== 200)
    throw new Error(`setApp(${color}): HTTP ${response.status} ${response.body.trim()}`);
  return JSON.parse(response.body);
}

/** Puts every stand-in back to its defaults (healthy, no errors, 20 ms). */
export async function resetApps() {
  const { apps } = platformAddresses(currentPorts());
  for (const url of Object.values(apps)) {
    const response = await httpGet(`${url}/control/reset`, { method: 'POST', body: '{}' });
    if (response.status !== 200) throw new Error(`resetApps: ${url}: HTTP ${response.status}`);
  }
}
