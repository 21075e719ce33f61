/**
 * Validates a parsed request against its input shape in an AWS API model, the
 * way the service's front end does before any handler runs: required members,
 * JSON types, enums, string and list lengths, patterns and numeric ranges.
 *
 * Messages copy the service's wording (`Value 'x' at 'resourceConfig.instanceCount'
 * failed to satisfy constraint: Member must have value greater than or equal to 1`)
 * so that code matching on them behaves the same locally and on AWS.
 */
import { describeValue } from '../errors.js';
import type { ServiceModel } from './service-model.js';
import { modelPattern } from './model-pattern.js';

/** Why a request was rejected. */
export interface ShapeProblems {
  /** A value of the wrong JSON type: the service answers `SerializationException`. */
  serialization: string[];
  /** Constraint violations: the service answers `ValidationException`. */
  constraints: string[];
}

/** Validates `value` against shape `shapeName` of `model`. Empty lists mean valid. */
export function validateShape(model: ServiceModel, shapeName: string, value: unknown): ShapeProblems {
  const problems: ShapeProblems = { serialization: [], constraints: [] };
  visit(model, shapeName, value, '', problems);
  return problems;
}

/** The service's one-line summary of constraint violations. */
export function formatConstraintMessage(constraints: readonly string[]): string {
  const n = constraints.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${constraints.join('; ')}`;
}

/** `TrainingJobName` → `trainingJobName`, the service's spelling of member paths. */
function memberPath(parent: string, member: string): string {
  const name = member.charAt(0).toLowerCase() + member.slice(1);
  return parent ? `${parent}.${name}` : name;
}

function render(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function visit(model: ServiceModel, shapeName: string, value: unknown, path: string, problems: ShapeProblems): void {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`shape ${shapeName} is missing from ${model.path}`);
  const fail = (constraint: string): void => {
    const shown = shape.sensitive ? '' : ` '${render(value)}'`;
    problems.constraints.push(`Value${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  };
  const wrongType = (expected: string): void => {
    problems.serialization.push(`Expected ${expected} at '${path || '(root)'}' but got ${describeValue(value)}`);
  };

  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrongType('a structure');
      const record = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        // Members bound to the URI or headers are checked by the protocol handler.
        if (member.location && member.location !== 'querystring') continue;
        const child = record[name];
        const childPath = memberPath(path, name);
        if (child === undefined || child === null) {
          if (shape.required?.includes(name)) {
            problems.constraints.push(`Value null at '${childPath}' failed to satisfy constraint: Member must not be null`);
          }
          continue;
        }
        visit(model, member.shape, child, childPath, problems);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return wrongType('a list');
      checkLength(shape, value.length, fail);
      value.forEach((item, i) => visit(model, shape.member!.shape, item, `${path}.${i + 1}.member`, problems));
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrongType('a map');
      const entries = Object.entries(value as Record<string, unknown>);
      checkLength(shape, entries.length, fail);
      for (const [key, item] of entries) {
        visit(model, shape.key!.shape, key, path, problems);
        visit(model, shape.value!.shape, item, `${path}.${key}`, problems);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') return wrongType('a string');
      if (shape.enum && !shape.enum.includes(value)) fail(`satisfy enum value set: [${shape.enum.join(', ')}]`);
      checkLength(shape, value.length, fail);
      if (shape.pattern) {
        const regex = modelPattern(shape.pattern);
        if (regex && !regex.test(value)) fail(`satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) return wrongType('an integer');
      return checkRange(shape, value, fail);
    case 'float':
    case 'double':
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrongType('a number');
      return checkRange(shape, value, fail);
    case 'boolean':
      if (typeof value !== 'boolean') wrongType('a boolean');
      return;
    case 'timestamp':
      // AWS JSON sends epoch seconds; ISO strings are accepted by the services too.
      if (typeof value !== 'number' && !(typeof value === 'string' && !Number.isNaN(Date.parse(value)))) {
        wrongType('a timestamp');
      }
      return;
    case 'blob':
      if (typeof value !== 'string' && !(value instanceof Uint8Array)) wrongType('base64 data');
      return;
  }
}

function checkLength(shape: { min?: number; max?: number }, length: number, fail: (c: string) => void): void {
  if (shape.min !== undefined && length < shape.min) fail(`have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) fail(`have length less than or equal to ${shape.max}`);
}

function checkRange(shape: { min?: number; max?: number }, value: number, fail: (c: string) => void): void {
  if (shape.min !== undefined && value < shape.min) fail(`have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) fail(`have value less than or equal to ${shape.max}`);
}
