// Word lists the seeded data is drawn from. Kept apart from the generators so the realism can
// be extended without touching any logic. Company names and domains are invented.

export const AGENT_NAMES = [
  'Priya Raman',
  'Marcus Oyelaran',
  'Sofia Lindqvist',
  'Daniel Cho',
  'Amara Okafor',
  'Lucas Moreau',
  'Hannah Becker',
  'Tomás Álvarez',
] as const;

export const CATEGORY_NAMES = ['Billing', 'Bug report', 'Account access', 'Feature request', 'Onboarding', 'Integrations', 'Refunds', 'Partnerships'] as const;

/** Still referenced by old tickets, refused by update ticket. */
export const ARCHIVED_CATEGORY_NAME = 'Legacy';

export const TAG_NAMES = ['VIP', 'Bug', 'Refund', 'Urgent', 'Enterprise', 'Churn risk', 'Feedback', 'Wallet', 'Login', 'Payments'] as const;

export type TagName = (typeof TAG_NAMES)[number];
export type CategoryName = (typeof CATEGORY_NAMES)[number];

export const FIRST_NAMES = [
  'Emma',
  'Liam',
  'Olivia',
  'Noah',
  'Ava',
  'Mateo',
  'Isabella',
  'Lucas',
  'Mia',
  'Ethan',
  'Chloé',
  'Jonas',
  'Aisha',
  'Kenji',
  'Zoë',
  'Rahul',
  'Fatima',
  'Diego',
  'Ingrid',
  'Kwame',
  'Mei',
  'Oskar',
  'Leila',
  'Tariq',
  'Hana',
  'Pedro',
  'Nadia',
  'Sven',
  'Yuki',
  'Chidi',
  'Elena',
  'Arjun',
  'Camila',
  'Felix',
  'Amira',
  'Jakub',
  'Sara',
  'Omar',
  'Lena',
  'Wei',
] as const;

export const LAST_NAMES = [
  'Johnson',
  'Müller',
  'García',
  'Nakamura',
  'Okonkwo',
  'Rossi',
  'Kowalski',
  'Silva',
  'Novak',
  'Haddad',
  'Larsen',
  'Patel',
  'Dubois',
  'Kim',
  'Andersson',
  'Mensah',
  'Fernández',
  'Schmidt',
  'Ivanova',
  'Chen',
  'Brennan',
  'Costa',
  'Yilmaz',
  'Van der Berg',
  'Sato',
  'Nguyen',
  'Hoffmann',
  'Adeyemi',
  'Moreno',
  'Walsh',
] as const;

export const FREE_MAIL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me', 'icloud.com', 'hotmail.co.uk', 'gmx.de', 'fastmail.com'] as const;

export const COMPANIES = [
  { name: 'Northwind Logistics', domain: 'northwindlogistics.com' },
  { name: 'Lumen Labs', domain: 'lumenlabs.io' },
  { name: 'Brightpath Learning', domain: 'brightpath.education' },
  { name: 'Kestrel Finance', domain: 'kestrel.finance' },
  { name: 'Orbit Games', domain: 'orbitgames.gg' },
  { name: 'Tidewater Dev', domain: 'tidewater.dev' },
  { name: 'Pixelforge Studio', domain: 'pixelforge.studio' },
  { name: 'Meridian Health', domain: 'meridianhealth.org' },
  { name: 'Copperleaf Coffee', domain: 'copperleafcoffee.co' },
  { name: 'Solstice DAO', domain: 'solsticedao.xyz' },
  { name: 'Arcadia Realty', domain: 'arcadiarealty.com' },
  { name: 'Helio Payments', domain: 'heliopay.io' },
] as const;

export const HANDLE_WORDS = [
  'nova',
  'pixel',
  'crypto',
  'lunar',
  'degen',
  'moss',
  'byte',
  'echo',
  'frost',
  'atlas',
  'kit',
  'sol',
  'zen',
  'vapor',
  'quill',
  'onyx',
  'drift',
  'ember',
  'rook',
  'maple',
] as const;

export const PLANS = ['Free', 'Starter', 'Pro', 'Business', 'Enterprise'] as const;
export const REGIONS = ['EU', 'North America', 'APAC', 'LATAM', 'UK'] as const;
export const SIGNUP_SOURCES = ['Website', 'Discord invite', 'Referral', 'Product Hunt', 'Partner'] as const;

export const BROWSERS = ['Chrome 131 on macOS', 'Safari 18 on iOS', 'Firefox 133 on Windows', 'Edge 131 on Windows', 'Brave on Linux'] as const;
export const FEATURES = ['Analytics', 'Inbox', 'Saved replies', 'Team settings', 'Knowledge base', 'Web chat settings'] as const;
export const INTEGRATIONS = ['Discord', 'Telegram', 'Slack', 'Zapier', 'HubSpot', 'Shopify', 'Intercom import', 'webhooks'] as const;
export const ERROR_CODES = [
  'ERR_SESSION_EXPIRED',
  'E_TOKEN_INVALID',
  '403 Forbidden',
  '502 Bad Gateway',
  'TypeError: Cannot read properties of undefined',
  'WALLET_CONNECT_TIMEOUT',
] as const;
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const AMOUNTS = ['$19.00', '$29.00', '$49.00', '$99.00', '$199.00', '€39.00', '€89.00', '£45.00'] as const;
export const CHAINS = ['Base', 'Arbitrum', 'Optimism', 'Polygon', 'Solana'] as const;
export const TOKENS = ['ORB', 'LUMEN', 'SOLS', 'KEST'] as const;
export const PAGES = ['/settings/billing', '/dashboard', '/checkout', '/account/security', '/integrations'] as const;
export const APP_VERSIONS = ['4.12.1', '4.12.3', '4.13.0', '4.13.2'] as const;
export const DISCORD_ROLES = ['Holder', 'Member', 'Moderator', 'OG', 'Verified'] as const;
