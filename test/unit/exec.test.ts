import { describe, expect, it } from 'vitest';
import { ToolError } from '../../shared/errors.js';
import { execTool } from '../../shared/tools/exec.js';

describe('execTool', () => {
  it('passes argv through without a shell', async () => {
    const result = await execTool('printf', ['%s|', 'a b', '$(echo hi)', ';rm -rf /']);
    expect(result.stdout).toBe('a b|$(echo hi)|;rm -rf /|');
  });

  it('fails with the tool stderr quoted, and masks secrets in it', async () => {
    const error = await execTool('sh', ['-c', 'echo "token s3cr3t-value rejected" >&2; exit 3'], {
      secrets: ['s3cr3t-value'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).message).toBe('sh exited with code 3: token *** rejected');
    expect((error as ToolError).exitCode).toBe(3);
  });

  it('times out', async () => {
    const started = Date.now();
    await expect(execTool('sleep', ['10'], { timeoutMs: 300 })).rejects.toThrow('sleep timed out after 0.3s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says when the tool is missing', async () => {
    await expect(execTool('no-such-tool-xyz', [])).rejects.toThrow(
      'no-such-tool-xyz: could not start (not found on PATH)',
    );
  });
});
