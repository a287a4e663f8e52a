export * from './events.ts';
export * from './lime.ts';
export * from './preorders.ts';
export * from './sync.ts';
export * from './tenants.ts';
