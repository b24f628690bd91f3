// The Actions runner's workflow-command protocol: the part of @actions/core the actions use.
//
// Why not @actions/core itself: it imports its OIDC client at load, and with it @actions/http-client
// and undici — about 60% of every bundle's start-up (measured: a bundle of core alone starts in
// 1.86× a bare `node -e 0`). None of our actions asks the runner for an OIDC token (cosign reads
// ACTIONS_ID_TOKEN_REQUEST_* itself). The protocol is small and documented; this file writes it
// byte for byte as core 3.x does, and test/unit/runner.test.ts checks that against core itself.

import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/** A value as the runner reads it: strings as they are, anything else as JSON. */
function commandValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || value instanceof String) return String(value);
  return JSON.stringify(value);
}

function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

let issuing = false;

/**
 * Whether the write under way is a command issueCommand writes: the log guard (log.ts) lets those
 * through as they are, and only those — a logged line that looks like one is not one.
 */
export function issuingCommand(): boolean {
  return issuing;
}

/** `::name key=value,…::message` on one line of stdout, its data escaped so it stays one line. */
function issueCommand(name: string, properties: Record<string, string>, message: unknown): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  issuing = true;
  try {
    process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(message)}${EOL}`);
  } finally {
    issuing = false;
  }
}

/** Appends `key<<delimiter … delimiter` to the runner's GITHUB_<command> file. */
function issueFileCommand(command: 'OUTPUT' | 'STATE', key: string, value: unknown): void {
  const filePath = process.env[`GITHUB_${command}`] ?? '';
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`);
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const converted = commandValue(value);
  // A key or value holding the delimiter could end the entry early and write another.
  if (key.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (converted.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  appendFileSync(filePath, `${key}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** An input as the runner passes it (INPUT_<NAME>), trimmed; '' when unset. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) {
    issueFileCommand('OUTPUT', name, value);
    return;
  }
  process.stdout.write(EOL);
  issueCommand('set-output', { name }, value);
}

/** Main → post state (read back as STATE_<name> in `post`). */
export function saveState(name: string, value: unknown): void {
  if (process.env.GITHUB_STATE) issueFileCommand('STATE', name, value);
  else issueCommand('save-state', { name }, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** Masks a value in the log from now on. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

export function info(message: string): void {
  process.stdout.write(message + EOL);
}

export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

export function warning(message: string | Error): void {
  issueCommand('warning', {}, message instanceof Error ? message.toString() : message);
}

export function error(message: string | Error): void {
  issueCommand('error', {}, message instanceof Error ? message.toString() : message);
}

/** Logs the error and fails the step (exit code 1 once the event loop drains). */
export function setFailed(message: string | Error): void {
  process.exitCode = 1;
  error(message);
}

/** Appends markdown to the job summary, when the runner provides one (GITHUB_STEP_SUMMARY). */
export function appendSummary(markdown: string): void {
  const filePath = process.env.GITHUB_STEP_SUMMARY;
  if (filePath) appendFileSync(filePath, markdown, 'utf8');
}
