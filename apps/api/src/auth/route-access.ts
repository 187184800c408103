import type { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Permission } from '@nova/domain';
import { ALLOW_API_KEY, IS_PUBLIC, REQUIRED_PERMISSION } from './auth.decorators';

/** Who may call a route, from its decorators (the handler's first, then its controller's). */
export interface RouteAccess {
  readonly isPublic: boolean;
  readonly allowsApiKey: boolean;
  /** The handler's explicit permission (else GET/HEAD: read, others: write). */
  readonly permission?: Permission;
}

const reflector = new Reflector();
/** Decorators do not change once the application runs: read once per handler, not three metadata walks per request. */
const byHandler = new WeakMap<object, RouteAccess>();

/** What AuthGuard enforces and the OpenAPI document declares for a handler of a controller. */
export function routeAccess(handler: object, controller: Type<unknown> | object): RouteAccess {
  let access = byHandler.get(handler);
  if (!access) {
    const targets = [handler as () => void, controller as Type<unknown>];
    access = {
      isPublic: Boolean(reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
      allowsApiKey: Boolean(reflector.getAllAndOverride<boolean>(ALLOW_API_KEY, targets)),
      permission: reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets),
    };
    byHandler.set(handler, access);
  }
  return access;
}
