import type { PlatformStatus } from '../../platform/index.mjs';
import type { TrafficRecord } from './traffic.mjs';

export const STORY_RELEASES: Record<string, string[]>;
export const BAD_RELEASE: string;
export const PREVIOUS_RELEASE: string;
export const FORM_RELEASE: string;
export const ERROR_RATE_FOR_SECONDS: number;
export const STORY_SLO: string;

/** What a step needs back from running an action's bundle. */
export interface StoryStep {
  outputs: Record<string, string | undefined>;
  stdout: string;
}

export type RunAction<R extends StoryStep> = (
  action: string,
  inputs: Record<string, string>,
  options?: { env?: Record<string, string> },
) => Promise<R>;

export interface WorkloadStory<R extends StoryStep> {
  release: string;
  namespace: string;
  images: Record<string, string>;
  slo: string;
  liveUrl: string;
  smokeUrls: string;
  buildImages(): Promise<void>;
  applyRoutes(options?: { kubeconfig?: string }): void;
  /** `slo` ('default': the runbook unchanged) and any other deploy input override the story's. */
  deployInputs(version: string, inputs?: Record<string, string>): Record<string, string>;
  deploy(version: string, inputs?: Record<string, string>): Promise<R>;
  rollbackInputs(to: string, reason: string, inputs?: Record<string, string>): Record<string, string>;
  liveColor(): string;
  rollbackForm(to: string, reason: string, inputs?: Record<string, string>): Promise<R>;
  cleanup(options?: { kubeconfig?: string }): void;
}

export function workloadStory<R extends StoryStep>(options: {
  status: PlatformStatus;
  release: string;
  work: string;
  runAction?: RunAction<R>;
  namespace?: string;
  /** The versions built, each with its build arguments (default STORY_RELEASES). */
  releases?: Record<string, string[]>;
}): WorkloadStory<R>;

export function sentBetween(records: TrafficRecord[], from: number, to?: number): TrafficRecord[];

export function servedRecords(records: TrafficRecord[]): {
  firstServedAt: number | null;
  served: TrafficRecord[];
};

export interface StoryFigures {
  /** When the first request a release answered was sent (ms on the traffic clock). */
  firstServedAt: number | null;
  /** Requests sent from then on. */
  requests: number;
  otherFailures: TrafficRecord[];
  firstBadAnswerAt: number | null;
  badErrorToPreviousMs: number | null;
  formToTrafficBackMs: number | null;
}

export function storyFigures(
  records: TrafficRecord[],
  marks: { badDeployAt: number; formAt: number; previousVersion?: string; formVersion?: string },
): StoryFigures;
