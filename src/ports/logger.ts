/** Diagnostic log lines (Apps Script Logger / console). Never pass secrets. */
export interface LogPort {
  info(message: string): void;
  warn(message: string): void;
}
