const { greet } = require('@nxe/greet');
console.log(greet(process.argv[2] || 'world'));
