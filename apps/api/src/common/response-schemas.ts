import { SetMetadata } from '@nestjs/common';
import { NestFastifyApplication, RouteConfig, RouteSchema } from '@nestjs/platform-fastify';
import type { OpenAPIObject, OperationObject, ReferenceObject, SchemaObject } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import fastJson from 'fast-json-stringify';
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
    const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, name)!;
    RouteSchema({ response })(controller.prototype, name, descriptor);
    const byMode: ModeSerializersByStatus = {};
    for (const [status, schema] of Object.entries(response as Record<string, Record<string, unknown>>)) {
      byMode[status] = { live: fastJson(withLivemodeDefault(schema, true)), test: fastJson(withLivemodeDefault(schema, false)) };
    }
    RouteConfig({ [MODE_SERIALIZERS]: byMode })(controller.prototype, name, descriptor);
  }
}

/** A route's 2xx answers serialised with `livemode` filled in, one serializer per mode. */
export interface ModeSerializers {
  readonly live: (payload: unknown) => string;
  readonly test: (payload: unknown) => string;
}
type ModeSerializersByStatus = Record<string, ModeSerializers>;
const MODE_SERIALIZERS = 'novaModeSerializers';

/**
 * The serializers that write a tenant's answer on this route with its `livemode`, for this status;
 * undefined on routes without @SerializeWithSchema(). They write `livemode` where withLivemode
 * would add it (the resource, or a list and each of its items) from the schema's default, so the
 * answer is not copied object by object to carry one field (~2 µs per object, bench/RESULTS.md).
 */
export function modeSerializersOf(request: FastifyRequest, statusCode: number): ModeSerializers | undefined {
  return (request.routeOptions.config as { [MODE_SERIALIZERS]?: ModeSerializersByStatus } | undefined)?.[MODE_SERIALIZERS]?.[String(statusCode)];
}

/** The serialization schema with `livemode` defaulting to `livemode` on the answer and on a list's (or an array's) items. */
function withLivemodeDefault(schema: Record<string, unknown>, livemode: boolean): Record<string, unknown> {
  const marked = (node: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    const properties = node?.properties as Record<string, Record<string, unknown>> | undefined;
    if (!node || !properties?.livemode) return node;
    return { ...node, properties: { ...properties, livemode: { ...properties.livemode, default: livemode } } };
  };
  if (schema.type === 'array') return { ...schema, items: marked(schema.items as Record<string, unknown> | undefined) };
  const answer = marked(schema)!;
  const properties = answer.properties as Record<string, Record<string, unknown>> | undefined;
  const data = properties?.data;
  if (data?.type !== 'array') return answer;
  return { ...answer, properties: { ...properties, data: { ...data, items: marked(data.items as Record<string, unknown> | undefined) } } };
}
