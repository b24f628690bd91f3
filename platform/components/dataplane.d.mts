// Types for dataplane.mjs: Traefik's ports and addresses, the objects it serves, its components.
import type { PlatformPorts } from '../index.mjs';
import type { ComponentModule } from './component.d.mts';

export const TRAEFIK_USER: string;
/** Whether the apiserver's authorizer lets Traefik's identity do `args` (kubectl auth can-i …). */
export function traefikMay(args: string[]): boolean;
export const GATEWAY_CLASS: string;
export const GATEWAY_CONTROLLER: string;
export const GATEWAY_NAME: string;
export const NGINX_INGRESS_CLASS: string;
export const LIVE_LISTENER: string;
export function previewListener(color: string): string;

export interface DataplanePorts {
  /** Traefik's own: /ping, /metrics, /api. */
  traefik: number;
  /** Unclassed Ingresses (Traefik's kubernetesIngress provider). */
  ingress: number;
  /** `nginx`-class Ingresses (ingress-nginx annotations, canary weights included). */
  ingressNginx: number;
  /** Each pipeline namespace's Gateway listeners by name: live, preview-blue, preview-green. */
  gateways: Record<string, Record<string, number>>;
}
export function dataplanePorts(
  ports: PlatformPorts & { traefik?: number; ingress?: number; ingressNginx?: number },
): DataplanePorts;

export interface DataplaneAddresses {
  gateways: Record<string, Record<string, string>>;
  ingress: string;
  ingressNginx: string;
  metrics: string;
  api: string;
}
export function dataplaneAddresses(ports: PlatformPorts): DataplaneAddresses;

/** The CRD files the bootstrap task applies; throws when install-tools has not copied them. */
export function dataplaneCrdFiles(toolsCache?: string): string[];

declare const dataplane: ComponentModule;
export default dataplane;
