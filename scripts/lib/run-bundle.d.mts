export interface ActionStepResult {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  errors: string[];
  summary: string;
  ms: number;
}

export interface ActionStepOptions {
  dir?: string;
  parent?: string;
  env?: Record<string, string>;
}

export function runActionBundle(
  action: string,
  inputs: Record<string, string>,
  options?: ActionStepOptions,
): ActionStepResult;

export function runActionBundleAsync(
  action: string,
  inputs: Record<string, string>,
  options?: ActionStepOptions,
): Promise<ActionStepResult>;

export function runNode(
  argv: string[],
  options?: { env?: NodeJS.ProcessEnv; cwd?: string; onStdout?: (chunk: string) => void },
): Promise<{ code: number | null; stdout: string; stderr: string }>;
