// Reads the demo's settings. Deliberate problem for the demo: a type error (a string where a number goes).
export interface Settings {
  retries: number;
  name: string;
}

export const defaultSettings: Settings = {
  retries: 'three',
  name: 'demo',
};
