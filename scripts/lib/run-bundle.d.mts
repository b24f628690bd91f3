export function runActionBundle(
  action: string,
  inputs: Record<string, string>,
  options?: { dir?: string; parent?: string; env?: Record<string, string> },
): {
  status: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  errors: string[];
  summary: string;
  ms: number;
};
