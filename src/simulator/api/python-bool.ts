/** Some detail fields are Python booleans rendered as strings. */
export function pythonBool(value: boolean): 'True' | 'False' {
  return value ? 'True' : 'False';
}
