import { SetMetadata } from '@nestjs/common';
import { NestFastifyApplication, RouteSchema } from '@nestjs/platform-fastify';
import type { OpenAPIObject, OperationObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { controllerHandlers, operationId } from './openapi';

// Fastify serialises an answer with a response schema (fast-json-stringify, compiled once per
// route) several times faster than JSON.stringify, and skips the generic path. The schema of a
// route is its documented OpenAPI response, so there is no second description of a DTO to keep
// in step. A compiled schema writes only the documented fields: it is opt-in per handler
// (@SerializeWithSchema()), for answers built field by field by their DTO's of()/from().

const SERIALIZE_WITH_SCHEMA = 'nova:serializeWithSchema';

/** Fastify serialises this handler's 2xx JSON answers with their documented schema. */
export const SerializeWithSchema = () => SetMetadata(SERIALIZE_WITH_SCHEMA, true);

type Schema = SchemaObject & ReferenceObject;

/**
 * A JSON schema fast-json-stringify compiles from an OpenAPI response schema: references inlined,
 * `required` dropped (a missing field is left out, as JSON.stringify does, never a 500), and
 * alternatives (oneOf/anyOf, which it would check with Ajv on every answer) written as anything.
 */
export function serializationSchema(schema: Schema, components: Record<string, Schema>, seen: readonly string[] = []): Record<string, unknown> {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    if (seen.includes(name)) throw new Error(`response schema ${name} refers to itself`);
    return serializationSchema(components[name]!, components, [...seen, name]);
  }
  if (schema.oneOf || schema.anyOf) return {};
  const { allOf, properties, items, additionalProperties, type, format, nullable } = schema;
  const result: Record<string, unknown> = {};
  for (const part of allOf ?? []) Object.assign(result, serializationSchema(part as Schema, components, seen));
  if (type !== undefined) result.type = type;
  if (format !== undefined) result.format = format;
  if (nullable) result.nullable = true;
  if (properties) result.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, serializationSchema(value as Schema, components, seen)]));
  if (items) result.items = serializationSchema(items as Schema, components, seen);
  if (additionalProperties !== undefined) result.additionalProperties = typeof additionalProperties === 'object' ? serializationSchema(additionalProperties as Schema, components, seen) : additionalProperties;
  return result;
}

/**
 * Gives every handler marked @SerializeWithSchema() its documented 2xx JSON responses as Fastify
 * response schemas. Runs before the routes are registered (app.init / listen).
 */
export function installResponseSchemas(app: NestFastifyApplication, document: OpenAPIObject): void {
  const operations = new Map<string, OperationObject>();
  for (const item of Object.values(document.paths)) for (const operation of Object.values(item) as OperationObject[]) if (operation?.operationId) operations.set(operation.operationId, operation);
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const { controller, name, handler } of controllerHandlers(app)) {
    if (!Reflect.getMetadata(SERIALIZE_WITH_SCHEMA, handler)) continue;
    const operation = operations.get(operationId(controller.name, name));
    if (!operation) throw new Error(`@SerializeWithSchema() on ${controller.name}.${name}, which the OpenAPI document does not have`);
    const response: Record<string, unknown> = {};
    for (const [status, answer] of Object.entries(operation.responses)) {
      const schema = (answer as { content?: Record<string, { schema?: Schema }> }).content?.['application/json']?.schema;
      if (status.startsWith('2') && schema) response[status] = serializationSchema(schema, components);
    }
    if (Object.keys(response).length === 0) throw new Error(`@SerializeWithSchema() on ${controller.name}.${name}, which documents no JSON answer`);
    RouteSchema({ response })(controller.prototype, name, Object.getOwnPropertyDescriptor(controller.prototype, name)!);
  }
}
