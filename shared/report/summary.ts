// One builder for every action's job summary: markdown a person can act on, written once.
import * as core from '../runner.js';

function escapeCell(value: string | number | undefined): string {
  return (
    String(value ?? '')
      .replace(/\|/g, '\\|')
      // A lone CR ends a line in markdown too.
      .replace(/\r\n?|\n/g, ' ')
  );
}

/**
 * Text from outside (a file name, a package, a title read from a report) shown as itself: on one
 * line, and never HTML, a link, an image or a code span — a scanned file named
 * `<img src=…>` or `x⏎## ✅ PASS` must not draw into the summary. Backslashes are escaped first,
 * so one in the text cannot undo the escapes (nor a table's `\|`).
 */
export function plain(value: string | number | undefined): string {
  return String(value ?? '')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`[\]<>]/g, '\\$&');
}

export class SummaryBuilder {
  private readonly parts: string[] = [];

  heading(text: string, level: 1 | 2 | 3 = 2): this {
    this.parts.push(`${'#'.repeat(level)} ${text}`);
    return this;
  }

  paragraph(text: string): this {
    this.parts.push(text);
    return this;
  }

  list(items: readonly string[]): this {
    if (items.length) this.parts.push(items.map((item) => `- ${item}`).join('\n'));
    return this;
  }

  table(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): this {
    if (!rows.length) return this;
    const lines = [
      `| ${header.map(escapeCell).join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
    ];
    this.parts.push(lines.join('\n'));
    return this;
  }

  details(title: string, body: string): this {
    this.parts.push(`<details><summary>${title}</summary>\n\n${body}\n\n</details>`);
    return this;
  }

  mermaid(diagram: string): this {
    this.parts.push(`\`\`\`mermaid\n${diagram}\n\`\`\``);
    return this;
  }

  /** Appends other builders' sections after this one's (one summary made of several parts). */
  append(...others: readonly SummaryBuilder[]): this {
    for (const other of others) this.parts.push(...other.parts);
    return this;
  }

  toMarkdown(): string {
    // A blank line at the end: the next section appended to the job summary starts a new block.
    return `${this.parts.join('\n\n')}\n\n`;
  }

  /** Appends to the job summary when the runner provides one (GITHUB_STEP_SUMMARY). */
  async write(): Promise<void> {
    core.appendSummary(this.toMarkdown());
  }
}
