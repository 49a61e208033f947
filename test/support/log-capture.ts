/** A pino destination that keeps every line in memory, to check what a process would have logged. */
export class LogCapture {
  readonly lines: string[] = [];

  write(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return this.lines.join('');
  }

  /** The parsed lines whose `msg` contains `fragment`. */
  entries(fragment: string): Record<string, unknown>[] {
    return this.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => typeof entry.msg === 'string' && entry.msg.includes(fragment));
  }

  /** The secrets (by name) that appear anywhere in what was logged. */
  leaked(secrets: Record<string, string>): string[] {
    const text = this.text();
    return Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => name);
  }
}
