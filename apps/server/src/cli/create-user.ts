/**
 * npm run user:create -- --role admin --email you@example.com --name "Your Name"
 *
 * Creates an account of any role: this is how the first admin of a real install is made (there is
 * no default admin). The password is asked for twice without echo; in scripts pipe it in with
 * --password-stdin, or leave both out on a non-interactive shell to get a generated one printed.
 */
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { userRules } from '@helpdesk/api';
import { describeTarget, loadDotEnv, migrate, openDatabase } from '@helpdesk/db';
import { createUserInput } from '@helpdesk/validators';

const USAGE =
  'Usage: npm run user:create -- --role <customer|agent|admin> --email <address> --name <name> [--password-stdin]';

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    output._writeToOutput = (text) => {
      if (text.includes(question)) process.stdout.write(text);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

async function readStdin(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  return data.replace(/\r?\n$/, '');
}

async function obtainPassword(fromStdin: boolean): Promise<{ password: string; generated: boolean }> {
  if (fromStdin) return { password: await readStdin(), generated: false };
  if (!process.stdin.isTTY) return { password: randomBytes(18).toString('base64url'), generated: true };
  const password = await promptHidden('Password (8 to 256 characters): ');
  const again = await promptHidden('Password again: ');
  if (password !== again) throw new Error('The passwords do not match');
  return { password, generated: false };
}

async function main() {
  loadDotEnv();
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  if (!values.role || !values.email || !values.name) throw new Error(USAGE);
  const { password, generated } = await obtainPassword(values['password-stdin'] ?? false);
  const parsed = createUserInput.safeParse({
    role: values.role,
    email: values.email,
    name: values.name,
    password,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Cannot create that user:\n${problems.join('\n')}\n${USAGE}`);
  }

  const { orm, target } = await openDatabase();
  try {
    await migrate(orm);
    const user = await userRules.createUser(orm.em.fork(), parsed.data);
    console.log(`Created ${user.role} ${user.email} (id ${user.id}) in ${describeTarget(target)}`);
    if (generated) console.log(`Generated password (shown once, store it now): ${password}`);
  } finally {
    await orm.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
