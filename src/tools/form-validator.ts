import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

type Property = { type?: string; enum?: unknown[] };

/**
 * Checks an elicitation answer against its form: MCP forms are flat objects of strings, numbers,
 * booleans and enums, so required fields, types and allowed values are all there is to check.
 * The bundle puts this in place of the SDK's Ajv validator (scripts/bundle.mjs), which costs more
 * at every start than all of our own code; the SDK uses its validator only for elicitation.
 */
export class FormValidator implements jsonSchemaValidator {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const { properties = {}, required = [] } = schema as { properties?: Record<string, Property>; required?: string[] };
    return (input: unknown) => {
      const problem = check(input, properties, required);
      return problem === undefined ? { valid: true, data: input as T, errorMessage: undefined } : { valid: false, data: undefined, errorMessage: problem };
    };
  }
}

function check(input: unknown, properties: Record<string, Property>, required: string[]): string | undefined {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return 'the answer is not an object';
  const answer = input as Record<string, unknown>;
  for (const name of required) if (answer[name] === undefined) return `${name} is required`;
  for (const [name, value] of Object.entries(answer)) {
    const property = properties[name];
    if (!property || value === undefined) continue;
    if (property.enum && !property.enum.includes(value)) return `${name} must be one of ${property.enum.join(', ')}`;
    const type = property.type === 'integer' ? 'number' : property.type;
    if (type && typeof value !== type) return `${name} must be a ${property.type}`;
    if (property.type === 'integer' && !Number.isInteger(value)) return `${name} must be a whole number`;
  }
  return undefined;
}

/** The name the SDK's server imports its validator by, for the bundle's substitution. */
export { FormValidator as AjvJsonSchemaValidator };
