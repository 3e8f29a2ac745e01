import x from '@scope/lib-a';
import { a, type B } from "lib-b/sub";
import type { C } from '../c';
import 'side-effect';
export * from './re-export';
export { d } from "lib-d";
const e = require('lib-e');
const f = await import('lib-f');
const re = /import x from 'fake'/g;
const t = `template ${`nested ${import('not-literal' + x)}`} import 'fake'`;
// import 'commented';
/* export * from 'block' */
