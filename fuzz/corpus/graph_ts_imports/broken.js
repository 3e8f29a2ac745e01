import { a } from 'unterminated
const r = /[/\]/;
const t = `${ {