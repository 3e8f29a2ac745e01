const { shout } = require('@nxe/util');
function greet(name) {
  return shout('hello ' + name);
}
module.exports = { greet };
