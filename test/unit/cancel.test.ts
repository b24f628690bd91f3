// A cancelled job's signal becomes an abort only while a run has something to undo.
import { describe, expect, it } from 'vitest';
import { Cancelled, pause, whileCancellable } from '../../shared/cancel.js';

describe('cancellation', () => {
  it('SIGINT while cancellable aborts the wait, with the signal named; a second one changes nothing', async () => {
    const before = process.listenerCount('SIGINT');
    const outcome = whileCancellable(async (cancelled) => {
      try {
        await pause(60_000, cancelled);
        return 'waited';
      } catch (error) {
        // The runner's SIGTERM follows 7.5 s later: the reason stays the first signal.
        process.emit('SIGTERM', 'SIGTERM');
        return error;
      }
    });
    process.emit('SIGINT', 'SIGINT');
    const error = await outcome;
    expect(error).toBeInstanceOf(Cancelled);
    expect((error as Error).message).toBe('the run was cancelled (SIGINT)');
    // Node's own handling is back once the body ends.
    expect(process.listenerCount('SIGINT')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('pause waits its time when nothing cancels it, and refuses at once when already cancelled', async () => {
    const started = Date.now();
    await pause(50, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const controller = new AbortController();
    controller.abort(new Cancelled('the run was cancelled (SIGTERM)'));
    await expect(pause(60_000, controller.signal)).rejects.toThrow('the run was cancelled (SIGTERM)');
  });

  it('the body ending in an error gives Node its handling back too', async () => {
    const before = process.listenerCount('SIGTERM');
    await expect(
      whileCancellable(async () => {
        throw new Error('kubectl failed');
      }),
    ).rejects.toThrow('kubectl failed');
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('runs under way at once (a fleet) share one listener per signal, and one signal aborts them all', async () => {
    const before = process.listenerCount('SIGINT');
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    let started = 0;
    let allStarted: () => void = () => {};
    const everyRunStarted = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    const runs = Array.from({ length: 12 }, () =>
      whileCancellable(async (cancelled) => {
        if (++started === 12) allStarted();
        return pause(60_000, cancelled).catch((error: unknown) => error);
      }),
    );
    await everyRunStarted;
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM');
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((outcome) => (outcome as Error).message)).toEqual(
      Array(12).fill('the run was cancelled (SIGTERM)'),
    );
    expect(process.listenerCount('SIGINT')).toBe(before);
    // Let a MaxListeners warning, if any, be emitted before looking.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
