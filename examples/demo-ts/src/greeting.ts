// Greets people. Deliberate problem for the demo: the formatting below is not Prettier's.
export function greet(name: string, excited: boolean): string {
    const punctuation = excited ? "!" : ".";
  return `Hello, ${name}${punctuation}`
}
