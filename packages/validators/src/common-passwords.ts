/**
 * Passwords of 8+ characters that top the published breach corpora (SecLists' most common
 * passwords, NCSC's 100k list): refused outright (ASVS 6.2.x). Compared lower-cased.
 */
const COMMON = `password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword 12345678
123456789 1234567890 0123456789 12341234 11111111 111111111 1111111111 00000000 000000000 88888888
87654321 98765432 12344321 11223344 12121212 123123123 12345678910 1q2w3e4r 1q2w3e4r5t 1qaz2wsx
qwertyui qwertyuiop qwerty123 qwerty1234 qwerty12 1qazxsw2 zaq12wsx zaq1zaq1 asdfghjk asdfghjkl
asdf1234 zxcvbnm1 zxcvbnm123 iloveyou iloveyou1 iloveyou2 princess1 sunshine1 football1 baseball1
basketball superman batman123 starwars trustno1 letmein1 letmein123 welcome1 welcome123 welcome12
whatever computer internet changeme changeme1 changeme123 default1 administrator admin123 admin1234
adminadmin rootroot root1234 passpass password! password01 password2 password3 secret123 secret12
abcd1234 abc12345 abcdefgh abcdefg1 aa123456 a1234567 a12345678 q1w2e3r4 q1w2e3r4t5 1a2b3c4d
monkey123 dragon123 master123 shadow123 michael1 jennifer jordan23 hunter22 freedom1 football
baseball princess sunshine superman1 michelle charlie1 jessica1 ashley12 qazwsxedc 123qweasd
qweasdzxc 1234qwer qwer1234 123qwe123 987654321 147258369 741852963 159753456 789456123 12qwaszx
helpdesk helpdesk1 helpdesk123 support1 support123 customer1 welcome2 summer2024 winter2024
spring2024 autumn2024 summer2025 winter2025 spring2025 summer2026 winter2026 spring2026 autumn2026
letmeinplease correcthorse correcthorsebatterystaple`;

export const commonPasswords: ReadonlySet<string> = new Set(COMMON.split(/\s+/).filter(Boolean));

export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.trim().toLowerCase());
}
