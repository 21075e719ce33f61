/**
 * Validates a parsed request against its input shape in an AWS API model, the
 * way the service's front end does before any handler runs: first the JSON
 * types (a wrong one fails deserialization: `SerializationException`), then
 * required members, enums, string and list lengths, patterns and numeric ranges
 * (`ValidationException`).
 *
 * Messages copy the service's wording (`Value 'x' at 'resourceConfig.instanceCount'
 * failed to satisfy constraint: Member must have value greater than or equal to 1`,
 * `STRING_VALUE can not be converted to an Integer`) so that code matching on
 * them behaves the same locally and on AWS. docs/testing.md ("Error answers")
 * gives the source of each form.
 */
import type { ModelShape, ServiceModel } from './service-model.js';
import { modelPattern } from './model-pattern.js';

/** Why a request was rejected. */
export interface ShapeProblems {
  /**
   * A value of the wrong JSON type: the service answers `SerializationException`.
   * At most one: the service's deserializer stops at the first, in document order.
   */
  serialization: string[];
  /** Constraint violations: the service answers `ValidationException`. */
  constraints: string[];
}

/** Validates `value` against shape `shapeName` of `model`. Empty lists mean valid. */
export function validateShape(model: ServiceModel, shapeName: string, value: unknown): ShapeProblems {
  const wrongType = firstWrongType(model, shapeName, value);
  const constraints: string[] = [];
  checkConstraints(model, shapeName, value, '', constraints);
  return { serialization: wrongType === undefined ? [] : [wrongType], constraints };
}

/** The service's one-line summary of constraint violations. */
export function formatConstraintMessage(constraints: readonly string[]): string {
  const n = constraints.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${constraints.join('; ')}`;
}

/** `TrainingJobName` → `trainingJobName`, the service's spelling of member paths. */
function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function memberPath(parent: string, member: string): string {
  return parent ? `${parent}.${lowerFirst(member)}` : lowerFirst(member);
}

function shapeOf(model: ServiceModel, shapeName: string): ModelShape {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`shape ${shapeName} is missing from ${model.path}`);
  return shape;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Members the JSON body carries (members bound to the URI or headers are the protocol handler's). */
function bodyMembers(shape: ModelShape): [string, { shape: string }][] {
  return Object.entries(shape.members ?? {}).filter(([, member]) => !member.location || member.location === 'querystring');
}

// ---------------------------------------------------------------------------
// Deserialization: the JSON type of each value.

const START_OF_LIST = 'Start of list found where not expected';
const START_OF_STRUCTURE = 'Start of structure or map found where not expected.';

/** The JSON token the service's deserializer names in its messages. */
function token(value: string | number | boolean): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
}

/** The article and type name of each scalar type in the service's messages. */
const TARGETS: Record<string, string> = {
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  float: 'a Float',
  double: 'a Double',
  boolean: 'a Boolean',
  timestamp: 'a Timestamp',
  blob: 'a Blob',
};

/** The first value of the wrong JSON type, in document order, as the service words it; `null` counts as absent. */
function firstWrongType(model: ServiceModel, shapeName: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, shapeName);
  switch (shape.type) {
    case 'structure': {
      if (Array.isArray(value)) return START_OF_LIST;
      if (!isRecord(value)) return 'Expected null';
      const members = new Map(bodyMembers(shape));
      for (const [key, child] of Object.entries(value)) {
        const member = members.get(key);
        // Members the model does not know are ignored, as the service does.
        const problem = member ? firstWrongType(model, member.shape, child) : undefined;
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'list': {
      if (isRecord(value)) return START_OF_STRUCTURE;
      if (!Array.isArray(value)) return 'Expected list or null';
      for (const item of value) {
        const problem = firstWrongType(model, shape.member!.shape, item);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'map': {
      if (Array.isArray(value)) return START_OF_LIST;
      if (!isRecord(value)) return 'Expected map or null';
      for (const item of Object.values(value)) {
        const problem = firstWrongType(model, shape.value!.shape, item);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    default: {
      if (Array.isArray(value)) return START_OF_LIST;
      if (typeof value === 'object') return START_OF_STRUCTURE;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
      return scalarProblem(shape.type, value);
    }
  }
}

function scalarProblem(type: ModelShape['type'], value: string | number | boolean): string | undefined {
  const cannot = `${token(value)} can not be converted to ${TARGETS[type] ?? `a ${type}`}`;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : cannot;
    case 'integer':
    case 'long':
      // A fraction for an integer member is refused too (the service's answer to it is not documented).
      return typeof value === 'number' && Number.isInteger(value) ? undefined : cannot;
    case 'float':
    case 'double':
      return typeof value === 'number' ? undefined : cannot;
    case 'boolean':
      if (typeof value === 'boolean') return undefined;
      // The service's own grammar for a string where a boolean belongs.
      return typeof value === 'string' ? 'STRING_VALUE can not be converted to an Boolean' : cannot;
    case 'timestamp':
      // AWS JSON sends epoch seconds; ISO 8601 strings are accepted too.
      if (typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Date.parse(value)))) return undefined;
      return cannot;
    case 'blob':
      return typeof value === 'string' ? undefined : cannot;
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// Validation: the model's constraints.

const SCALARS = new Set<ModelShape['type']>(['string', 'integer', 'long', 'float', 'double', 'boolean', 'timestamp', 'blob']);

/**
 * Every constraint a scalar shape declares, in the order the service lists them
 * inside `Member must satisfy constraint: [...]`: maximum, minimum, enum, pattern.
 */
function declaredConstraints(shape: ModelShape): string[] {
  const measure = shape.type === 'string' || shape.type === 'blob' ? 'length' : 'value';
  const declared: string[] = [];
  if (shape.max !== undefined) declared.push(`have ${measure} less than or equal to ${shape.max}`);
  if (shape.min !== undefined) declared.push(`have ${measure} greater than or equal to ${shape.min}`);
  if (shape.enum) declared.push(`satisfy enum value set: [${shape.enum.join(', ')}]`);
  if (shape.pattern) declared.push(`satisfy regular expression pattern: ${shape.pattern}`);
  return declared;
}

/** The constraints a scalar value violates, worded after `Member must `. */
function violations(shape: ModelShape, value: unknown): string[] {
  const found: string[] = [];
  if (typeof value === 'string' && shape.type === 'string') {
    if (shape.enum && !shape.enum.includes(value)) found.push(`satisfy enum value set: [${shape.enum.join(', ')}]`);
    if (shape.min !== undefined && value.length < shape.min) found.push(`have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && value.length > shape.max) found.push(`have length less than or equal to ${shape.max}`);
    if (shape.pattern) {
      const regex = modelPattern(shape.pattern);
      if (regex && !regex.test(value)) found.push(`satisfy regular expression pattern: ${shape.pattern}`);
    }
  } else if (typeof value === 'number' && shape.type !== 'timestamp') {
    if (shape.min !== undefined && value < shape.min) found.push(`have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && value > shape.max) found.push(`have value less than or equal to ${shape.max}`);
  }
  return found;
}

/** Lengths of a list or map (`Member must have length …`). */
function lengthViolations(shape: ModelShape, length: number): string[] {
  const found: string[] = [];
  if (shape.min !== undefined && length < shape.min) found.push(`have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) found.push(`have length less than or equal to ${shape.max}`);
  return found;
}

/**
 * A value as the service prints it in `Value '…'`: Java's `toString` of the
 * deserialized value. Lists `[a, b]`, maps `{k=v, k2=v2}`, strings unquoted,
 * structures `Shape(member=value, …)`.
 */
function javaString(model: ServiceModel, shapeName: string | undefined, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (Array.isArray(value)) return `[${value.map((item) => javaString(model, shape?.member?.shape, item)).join(', ')}]`;
  if (isRecord(value)) {
    if (shape?.type === 'structure' && shapeName !== undefined) {
      const members = bodyMembers(shape).map(([name, member]) => `${lowerFirst(name)}=${javaString(model, member.shape, value[name])}`);
      return `${shapeName}(${members.join(', ')})`;
    }
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaString(model, shape?.value?.shape, item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** Whether the service would print a value of this shape (not when it or what it holds is sensitive). */
function printable(model: ServiceModel, shape: ModelShape): boolean {
  if (shape.sensitive) return false;
  const inner = [shape.member, shape.key, shape.value].filter((ref): ref is { shape: string } => ref !== undefined);
  return inner.every((ref) => !model.shapes[ref.shape]?.sensitive);
}

function checkConstraints(model: ServiceModel, shapeName: string, value: unknown, path: string, problems: string[]): void {
  if (value === null || value === undefined) return;
  const shape = shapeOf(model, shapeName);
  const report = (constraint: string): void => {
    const shown = printable(model, shape) ? ` '${javaString(model, shapeName, value)}'` : '';
    problems.push(`Value${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  };

  switch (shape.type) {
    case 'structure': {
      if (!isRecord(value)) return;
      for (const [name, member] of bodyMembers(shape)) {
        const child = value[name];
        const childPath = memberPath(path, name);
        if (child === undefined || child === null) {
          if (shape.required?.includes(name)) {
            problems.push(`Value null at '${childPath}' failed to satisfy constraint: Member must not be null`);
          }
          continue;
        }
        checkConstraints(model, member.shape, child, childPath, problems);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return;
      for (const constraint of lengthViolations(shape, value.length)) report(`Member must ${constraint}`);
      const memberShape = shapeOf(model, shape.member!.shape);
      if (SCALARS.has(memberShape.type)) {
        // One answer for the whole list, naming every constraint of its members.
        if (value.some((item) => violations(memberShape, item).length > 0)) {
          report(`Member must satisfy constraint: [${declaredConstraints(memberShape).map((c) => `Member must ${c}`).join(', ')}]`);
        }
        return;
      }
      value.forEach((item, i) => checkConstraints(model, shape.member!.shape, item, `${path}.${i + 1}.member`, problems));
      return;
    }
    case 'map': {
      if (!isRecord(value)) return;
      const entries = Object.entries(value);
      for (const constraint of lengthViolations(shape, entries.length)) report(`Member must ${constraint}`);
      // Keys once and values once, keys first, each naming every constraint of its shape.
      const keyShape = shapeOf(model, shape.key!.shape);
      if (entries.some(([key]) => violations(keyShape, key).length > 0)) {
        report(`Map keys must satisfy constraint: [${declaredConstraints(keyShape).map((c) => `Member must ${c}`).join(', ')}]`);
      }
      const valueShape = shapeOf(model, shape.value!.shape);
      if (SCALARS.has(valueShape.type)) {
        if (entries.some(([, item]) => violations(valueShape, item).length > 0)) {
          report(`Map value must satisfy constraint: [${declaredConstraints(valueShape).map((c) => `Member must ${c}`).join(', ')}]`);
        }
        return;
      }
      for (const [key, item] of entries) checkConstraints(model, shape.value!.shape, item, `${path}.${key}`, problems);
      return;
    }
    default:
      for (const constraint of violations(shape, value)) report(`Member must ${constraint}`);
  }
}
