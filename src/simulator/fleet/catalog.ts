/** Static reference data the generator draws from. */

import type { LibraryItemType, Platform, SimApp } from './types.js';

export interface HardwareModel {
  model: string;
  modelId: string;
  modelName: string;
  appleSilicon: boolean;
  processor: string;
  memory: string;
  capacityGb: number;
}

export const MODELS: Record<Platform, readonly (readonly [HardwareModel, number])[]> = {
  Mac: [
    [
      {
        model: 'MacBook Air (M1, 2020)',
        modelId: 'MacBookAir10,1',
        modelName: 'MacBook Air',
        appleSilicon: true,
        processor: 'Apple M1',
        memory: '8 GB LPDDR4',
        capacityGb: 228.27,
      },
      20,
    ],
    [
      {
        model: 'MacBook Air (15-inch, M2, 2023)',
        modelId: 'Mac14,15',
        modelName: 'MacBook Air',
        appleSilicon: true,
        processor: 'Apple M2',
        memory: '16 GB LPDDR5',
        capacityGb: 494.38,
      },
      20,
    ],
    [
      {
        model: 'MacBook Pro (14-inch, M3, Nov 2023)',
        modelId: 'Mac15,3',
        modelName: 'MacBook Pro',
        appleSilicon: true,
        processor: 'Apple M3',
        memory: '16 GB LPDDR5',
        capacityGb: 494.38,
      },
      25,
    ],
    [
      {
        model: 'MacBook Pro (16-inch, M3 Max, Nov 2023)',
        modelId: 'Mac15,9',
        modelName: 'MacBook Pro',
        appleSilicon: true,
        processor: 'Apple M3 Max',
        memory: '36 GB LPDDR5',
        capacityGb: 994.66,
      },
      8,
    ],
    [
      {
        model: 'Mac mini (M2, 2023)',
        modelId: 'Mac14,3',
        modelName: 'Mac mini',
        appleSilicon: true,
        processor: 'Apple M2',
        memory: '8 GB LPDDR5',
        capacityGb: 245.11,
      },
      7,
    ],
    [
      {
        model: 'iMac (24-inch, M1, 2021)',
        modelId: 'iMac21,1',
        modelName: 'iMac',
        appleSilicon: true,
        processor: 'Apple M1',
        memory: '8 GB LPDDR4',
        capacityGb: 245.11,
      },
      8,
    ],
    [
      {
        model: 'MacBook Pro (16-inch, 2019)',
        modelId: 'MacBookPro16,1',
        modelName: 'MacBook Pro',
        appleSilicon: false,
        processor: '8-Core Intel Core i9',
        memory: '16 GB DDR4',
        capacityGb: 499.96,
      },
      12,
    ],
  ],
  iPhone: [
    [{ model: 'iPhone 15', modelId: 'iPhone15,4', modelName: 'iPhone', appleSilicon: true, processor: '', memory: '', capacityGb: 128 }, 40],
    [{ model: 'iPhone 14 Pro', modelId: 'iPhone15,2', modelName: 'iPhone', appleSilicon: true, processor: '', memory: '', capacityGb: 256 }, 35],
    [{ model: 'iPhone 13', modelId: 'iPhone14,5', modelName: 'iPhone', appleSilicon: true, processor: '', memory: '', capacityGb: 128 }, 25],
  ],
  iPad: [
    [{ model: 'iPad Air (5th generation)', modelId: 'iPad13,16', modelName: 'iPad', appleSilicon: true, processor: '', memory: '', capacityGb: 64 }, 50],
    [{ model: 'iPad (9th generation)', modelId: 'iPad12,1', modelName: 'iPad', appleSilicon: true, processor: '', memory: '', capacityGb: 64 }, 50],
  ],
  AppleTV: [
    [
      { model: 'Apple TV 4K (3rd generation)', modelId: 'AppleTV14,1', modelName: 'Apple TV', appleSilicon: true, processor: '', memory: '', capacityGb: 64 },
      1,
    ],
  ],
  Windows: [
    [
      {
        model: 'Latitude 7440',
        modelId: 'Latitude 7440',
        modelName: 'Latitude',
        appleSilicon: false,
        processor: 'Intel Core i7-1365U',
        memory: '16 GB',
        capacityGb: 512,
      },
      50,
    ],
    [
      {
        model: 'ThinkPad X1 Carbon Gen 11',
        modelId: '21HM',
        modelName: 'ThinkPad',
        appleSilicon: false,
        processor: 'Intel Core i7-1355U',
        memory: '32 GB',
        capacityGb: 1024,
      },
      30,
    ],
    [
      {
        model: 'Surface Laptop 5',
        modelId: 'Surface Laptop 5',
        modelName: 'Surface Laptop',
        appleSilicon: false,
        processor: 'Intel Core i5-1245U',
        memory: '8 GB',
        capacityGb: 256,
      },
      20,
    ],
  ],
  Android: [
    [{ model: 'Pixel 8', modelId: 'shiba', modelName: 'Pixel', appleSilicon: false, processor: '', memory: '', capacityGb: 128 }, 50],
    [{ model: 'Galaxy S23', modelId: 'SM-S911B', modelName: 'Galaxy', appleSilicon: false, processor: '', memory: '', capacityGb: 256 }, 50],
  ],
};

export interface OsRelease {
  version: string;
  build: string;
  marketingName: string;
  /** Windows: `/devices` `full_software_version`. */
  fullVersion?: string;
  /** Android: `/devices` `api_level` and `security_patch_level`. */
  apiLevel?: string;
  securityPatchLevel?: string;
}

export const OS_RELEASES: Record<Platform, readonly (readonly [OsRelease, number])[]> = {
  Mac: [
    [{ version: '15.1', build: '24B83', marketingName: 'Sequoia' }, 35],
    [{ version: '15.0.1', build: '24A348', marketingName: 'Sequoia' }, 15],
    [{ version: '14.7.1', build: '23H222', marketingName: 'Sonoma' }, 25],
    [{ version: '14.6.1', build: '23G93', marketingName: 'Sonoma' }, 10],
    [{ version: '13.7.1', build: '22H221', marketingName: 'Ventura' }, 10],
    [{ version: '12.7.6', build: '21H1320', marketingName: 'Monterey' }, 5],
  ],
  iPhone: [
    [{ version: '18.1', build: '22B83', marketingName: 'iOS 18' }, 50],
    [{ version: '18.0.1', build: '22A3370', marketingName: 'iOS 18' }, 20],
    [{ version: '17.7.1', build: '21H216', marketingName: 'iOS 17' }, 25],
    [{ version: '16.7.10', build: '20H350', marketingName: 'iOS 16' }, 5],
  ],
  iPad: [
    [{ version: '18.1', build: '22B83', marketingName: 'iPadOS 18' }, 55],
    [{ version: '17.7.1', build: '21H216', marketingName: 'iPadOS 17' }, 45],
  ],
  AppleTV: [
    [{ version: '18.1', build: '22J580', marketingName: 'tvOS 18' }, 70],
    [{ version: '17.6', build: '21M71', marketingName: 'tvOS 17' }, 30],
  ],
  // The API shows Windows versions as the feature update ("24H2") and Android versions as the release number.
  Windows: [
    [{ version: '24H2', build: '26100.2314', marketingName: 'Windows 11', fullVersion: '10.0.26100.2314' }, 60],
    [{ version: '23H2', build: '22631.4460', marketingName: 'Windows 11', fullVersion: '10.0.22631.4460' }, 40],
  ],
  Android: [
    [{ version: '15', build: 'AP3A.241105.007', marketingName: 'Android 15', apiLevel: '35', securityPatchLevel: '2024-11-05' }, 60],
    [{ version: '14', build: 'UP1A.231005.007', marketingName: 'Android 14', apiLevel: '34', securityPatchLevel: '2024-10-05' }, 40],
  ],
};

/** Agent versions with their weights, on the platforms the Iru agent exists for. */
export const AGENT_VERSIONS: Readonly<Partial<Record<Platform, readonly (readonly [string, number])[]>>> = {
  Mac: [
    ['4.5.9 (5160)', 10],
    ['4.6.2 (5212)', 30],
    ['4.6.4 (5230)', 60],
  ],
  Windows: [
    ['1.3.0', 30],
    ['1.4.1', 70],
  ],
};

export const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Amara',
  'Bea',
  'Carlos',
  'Chen',
  'Dana',
  'Elif',
  'Femi',
  'Grace',
  'Hiro',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Maya',
  'Nikhil',
  'Olga',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Yara',
  'Zoe',
] as const;

export const LAST_NAMES = [
  'Abbott',
  'Bergström',
  'Castillo',
  'Dubois',
  'Eze',
  'Fischer',
  'García',
  'Haddad',
  'Ito',
  'Jansen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Patel',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Ueda',
  'Varga',
  'Walsh',
  'Yilmaz',
] as const;

export const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'People', 'Support', 'Marketing', 'Legal'] as const;
export const JOB_TITLES = ['Engineer', 'Account Executive', 'Analyst', 'Manager', 'Designer', 'Specialist'] as const;

function app(name: string, bundleId: string, versions: readonly string[], source: SimApp['source'], folder = '/Applications'): AppTemplate {
  return { name, bundleId, versions, source, path: `${folder}/${name}.app` };
}

export interface AppTemplate {
  name: string;
  bundleId: string;
  versions: readonly string[];
  source: SimApp['source'];
  path: string;
}

/** Installed on every Mac; the vulnerability catalog only names software from this list. */
export const MAC_CORE_APPS: readonly AppTemplate[] = [
  app('Activity Monitor', 'com.apple.ActivityMonitor', ['10.14'], 'Apple', '/System/Applications/Utilities'),
  app('App Store', 'com.apple.AppStore', ['3.0'], 'Apple', '/System/Applications'),
  app('Safari', 'com.apple.Safari', ['18.1', '18.0.1', '17.6'], 'Apple'),
  app('Terminal', 'com.apple.Terminal', ['2.14'], 'Apple', '/System/Applications/Utilities'),
  app('Kandji Self Service', 'io.kandji.KandjiSelfService', ['4.6.2'], 'Identified Developer'),
  app('Google Chrome', 'com.google.Chrome', ['130.0.6723.92', '129.0.6668.101', '128.0.6613.138'], 'Identified Developer'),
  app('Slack', 'com.tinyspeck.slackmacgap', ['4.41.97', '4.40.128'], 'Identified Developer'),
  app('zoom.us', 'us.zoom.xos', ['6.2.5 (42309)', '6.1.11 (39655)', '5.17.11 (34827)'], 'Identified Developer'),
];

export const MAC_OPTIONAL_APPS: readonly AppTemplate[] = [
  app('1Password', 'com.1password.1password', ['8.10.48', '8.10.46'], 'Identified Developer'),
  app('Microsoft Word', 'com.microsoft.Word', ['16.90', '16.89'], 'App Store'),
  app('Microsoft Excel', 'com.microsoft.Excel', ['16.90', '16.89'], 'App Store'),
  app('Microsoft Outlook', 'com.microsoft.Outlook', ['16.90', '16.88'], 'App Store'),
  app('Microsoft Teams', 'com.microsoft.teams2', ['24277.3502.3161.3007'], 'Identified Developer'),
  app('Visual Studio Code', 'com.microsoft.VSCode', ['1.95.1', '1.94.2'], 'Identified Developer'),
  app('Docker', 'com.docker.docker', ['4.35.1', '4.34.3'], 'Identified Developer'),
  app('iTerm', 'com.googlecode.iterm2', ['3.5.10'], 'Identified Developer'),
  app('Figma', 'com.figma.Desktop', ['124.5.5'], 'Identified Developer'),
  app('Notion', 'notion.id', ['4.0.0', '3.16.1'], 'Identified Developer'),
  app('Firefox', 'org.mozilla.firefox', ['132.0.1', '131.0.3'], 'Identified Developer'),
  app('Keynote', 'com.apple.iWork.Keynote', ['14.2'], 'App Store'),
  app('Pages', 'com.apple.iWork.Pages', ['14.2'], 'App Store'),
  app('Numbers', 'com.apple.iWork.Numbers', ['14.2'], 'App Store'),
  app('Xcode', 'com.apple.dt.Xcode', ['16.1', '16.0'], 'App Store'),
  app('Postman', 'com.postmanlabs.mac', ['11.18.0'], 'Identified Developer'),
  app('Spotify', 'com.spotify.client', ['1.2.50.335'], 'Identified Developer'),
  app('Tableau Desktop', 'com.tableausoftware.tableaudesktop', ['2024.2.3'], 'Identified Developer'),
  app('Adobe Acrobat Reader', 'com.adobe.Reader', ['24.004.20243'], 'Identified Developer'),
  app('Rectangle', 'com.knollsoft.Rectangle', ['0.84'], 'Identified Developer'),
  app('Raycast', 'com.raycast.macos', ['1.85.2'], 'Identified Developer'),
  app('Wireshark', 'org.wireshark.Wireshark', ['4.4.1'], 'Identified Developer'),
];

export const IOS_APPS: readonly AppTemplate[] = [
  app('Slack', 'com.tinyspeck.chatlyio', ['24.10.20'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Microsoft Outlook', 'com.microsoft.Office.Outlook', ['4.2443.0'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Zoom', 'us.zoom.videomeetings', ['6.2.7'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('1Password', 'com.1password.1password', ['8.10.48'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Google Authenticator', 'com.google.Authenticator', ['4.2.1'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Microsoft Teams', 'com.microsoft.skype.teams', ['6.22.1'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Notion', 'notion.id', ['1.16.4'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Kandji Self Service', 'io.kandji.selfservice', ['1.8.0'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Salesforce', 'com.salesforce.chatter', ['252.010'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Okta Verify', 'com.okta.mobile', ['9.29.0'], 'App Store', '/private/var/containers/Bundle/Application'),
];

export const TVOS_APPS: readonly AppTemplate[] = [
  app('Zoom Rooms', 'us.zoom.zpcontroller', ['6.2.0'], 'App Store', '/private/var/containers/Bundle/Application'),
  app('Kiosk Signage', 'com.example.signage', ['2.3.1'], 'App Store', '/private/var/containers/Bundle/Application'),
];

export const SYSTEM_EXTENSIONS = [
  { name: 'Kandji ESF Extension', identifier: 'io.kandji.KandjiAgent.ESF-Extension', teamId: 'P3FGV63VK7', version: '4.6.2' },
  { name: 'Falcon Sensor', identifier: 'com.crowdstrike.falcon.Agent', teamId: 'X9E956P446', version: '7.19.18604' },
  { name: 'Zscaler Tunnel', identifier: 'com.zscaler.zscaler.ZscalerTunnel', teamId: 'PCBCQZJ7S7', version: '4.3.0.243' },
  { name: 'Little Snitch Network Extension', identifier: 'at.obdev.littlesnitch.networkextension', teamId: 'MLZF7K7B5R', version: '6.1.2' },
  { name: 'Microsoft Defender Network Extension', identifier: 'com.microsoft.wdav.netext', teamId: 'UBF8T346G9', version: '101.24092.0002' },
] as const;

/** Profiles some devices carry besides MDM and blueprint profiles (installed by hand or by a previous MDM). */
export const EXTRA_PROFILES = [
  { name: 'Corporate Wi-Fi', identifier: 'com.acme.wifi.corp' },
  { name: 'Root CA Trust', identifier: 'com.acme.pki.root' },
  { name: 'VPN On Demand', identifier: 'com.acme.vpn.ondemand' },
] as const;

/** `platforms` = the device platforms that get assigned to this blueprint. Index 0 is always present. */
export const BLUEPRINT_TEMPLATES: readonly {
  name: string;
  icon: string;
  color: string;
  description: string;
  weight: number;
  platforms: readonly Platform[];
}[] = [
  {
    name: 'Default Blueprint',
    icon: 'ss-files',
    color: 'aqua-800',
    description: 'Baseline for every device',
    weight: 30,
    platforms: ['Mac', 'iPhone', 'iPad', 'AppleTV', 'Windows', 'Android'],
  },
  { name: 'Engineering Macs', icon: 'ss-laptop', color: 'blue-500', description: 'Developer workstations', weight: 25, platforms: ['Mac'] },
  { name: 'Sales & Success', icon: 'ss-briefcase', color: 'green-500', description: '', weight: 15, platforms: ['Mac', 'iPhone'] },
  { name: 'Executive', icon: 'ss-star', color: 'yellow-500', description: 'Leadership devices', weight: 5, platforms: ['Mac', 'iPhone', 'iPad'] },
  { name: 'Mobile - iPhone', icon: 'ss-phone', color: 'purple-500', description: 'Company iPhones', weight: 30, platforms: ['iPhone'] },
  { name: 'Shared iPads', icon: 'ss-ipad', color: 'orange-500', description: 'Front-desk and warehouse iPads', weight: 30, platforms: ['iPad'] },
  { name: 'Conference Rooms', icon: 'ss-tv', color: 'red-500', description: 'Apple TVs in meeting rooms', weight: 40, platforms: ['AppleTV'] },
  { name: 'Contractors', icon: 'ss-user', color: 'aqua-500', description: 'Short-term staff', weight: 6, platforms: ['Mac'] },
  { name: 'Windows Laptops', icon: 'ss-laptop', color: 'blue-800', description: 'Windows devices', weight: 40, platforms: ['Windows'] },
  { name: 'Android Phones', icon: 'ss-phone', color: 'green-800', description: 'Android devices', weight: 40, platforms: ['Android'] },
];

export const LIBRARY_ITEM_TEMPLATES: readonly { name: string; type: LibraryItemType; macOnly: boolean }[] = [
  { name: 'Kandji Setup', type: 'kandji-setup', macOnly: true },
  { name: 'macOS Sequoia Enforcement', type: 'macos-release', macOnly: true },
  { name: 'FileVault Enforcement', type: 'profile', macOnly: true },
  { name: 'Firewall - Stealth Mode', type: 'profile', macOnly: true },
  { name: 'Passcode Policy', type: 'profile', macOnly: false },
  { name: 'Wi-Fi Corporate', type: 'profile', macOnly: false },
  { name: 'Screen Saver Lock', type: 'profile', macOnly: true },
  { name: 'Avert EDR Policy', type: 'threat-security-policy', macOnly: true },
  { name: 'Google Chrome', type: 'automatic-app', macOnly: true },
  { name: 'Slack', type: 'automatic-app', macOnly: true },
  { name: 'zoom', type: 'custom-app', macOnly: true },
  { name: '00_rosetta_2', type: 'custom-script', macOnly: true },
  { name: 'Set Computer Name', type: 'custom-script', macOnly: true },
  { name: 'Okta Verify', type: 'vpp-app', macOnly: false },
  { name: 'Microsoft Outlook', type: 'vpp-app', macOnly: false },
  { name: 'Disable iCloud Drive', type: 'profile', macOnly: false },
  { name: 'Zscaler Client Connector', type: 'custom-app', macOnly: true },
  { name: 'Local Admin Cleanup', type: 'custom-script', macOnly: true },
  { name: 'Notification Settings', type: 'profile', macOnly: false },
  { name: 'Docker Desktop', type: 'automatic-app', macOnly: true },
];

export const PARAMETERS = [
  { itemId: '1e4be748-e072-4c1f-b1ff-a98f076b8e8e', name: 'Disable the "root" user', category: 'User Accounts & Authentication', subcategory: 'User Accounts' },
  {
    itemId: '3a5b8c7e-0f4d-4a8e-9b61-2c8e0d9f1a22',
    name: 'Require password after sleep or screen saver begins',
    category: 'Security & Privacy',
    subcategory: 'General',
  },
  { itemId: '5c2e7a41-9d3b-4f60-8a1e-6b9d2f4c8e13', name: 'Enable Gatekeeper', category: 'Security & Privacy', subcategory: 'General' },
  { itemId: '7e9a1c53-2b8f-4d17-b4c6-0a5e3f9d7b24', name: 'Enable the application firewall', category: 'Security & Privacy', subcategory: 'Firewall' },
  {
    itemId: '9b4d6e85-6c1a-4e28-a3f7-1d8b5c2e9f35',
    name: 'Disable guest account login',
    category: 'User Accounts & Authentication',
    subcategory: 'User Accounts',
  },
  { itemId: 'b1f3a297-4e6d-4b39-92a8-3e7c6d1f0a46', name: 'Enable automatic software updates', category: 'Software Updates', subcategory: 'Updates' },
  { itemId: 'd6a8c3b9-8f2e-4c4a-81b9-5f0e7a3b2c57', name: 'Disable remote Apple events', category: 'Sharing', subcategory: 'Remote Access' },
  { itemId: 'f2c5e1d0-1a7b-4d5b-a0ca-7b2f9e4d3e68', name: 'Set a firmware password', category: 'Security & Privacy', subcategory: 'Hardware' },
] as const;

export const PARAMETER_STATUSES: readonly (readonly [string, number])[] = [
  ['PASS', 84],
  ['REMEDIATED', 5],
  ['ERROR', 4],
  ['WARNING', 3],
  ['PENDING', 3],
  ['INCOMPATIBLE', 1],
];

export const CVES = [
  {
    cveId: 'CVE-2024-7971',
    software: 'Google Chrome',
    description: 'Type confusion in V8 allows remote heap corruption via a crafted HTML page.',
    cvss: 8.8,
    severity: 'High',
  },
  {
    cveId: 'CVE-2024-7965',
    software: 'Google Chrome',
    description: 'Inappropriate implementation in V8 allows heap corruption via a crafted HTML page.',
    cvss: 8.8,
    severity: 'High',
  },
  {
    cveId: 'CVE-2024-44308',
    software: 'Safari',
    description: 'Processing maliciously crafted web content may lead to arbitrary code execution.',
    cvss: 8.8,
    severity: 'High',
  },
  { cveId: 'CVE-2024-44309', software: 'Safari', description: 'A cookie management issue may allow cross site scripting.', cvss: 6.1, severity: 'Medium' },
  {
    cveId: 'CVE-2024-45495',
    software: 'zoom.us',
    description: 'Improper input validation in Zoom Workplace Apps may allow privilege escalation.',
    cvss: 7.8,
    severity: 'High',
  },
  {
    cveId: 'CVE-2024-27240',
    software: 'zoom.us',
    description: 'Improper input validation may allow information disclosure via network access.',
    cvss: 4.3,
    severity: 'Medium',
  },
  {
    cveId: 'CVE-2024-24691',
    software: 'zoom.us',
    description: 'Improper input validation may allow an unauthenticated user to escalate privilege.',
    cvss: 9.6,
    severity: 'Critical',
  },
  {
    cveId: 'CVE-2023-6345',
    software: 'Google Chrome',
    description: 'Integer overflow in Skia allows a sandbox escape via a malicious file.',
    cvss: 9.6,
    severity: 'Critical',
  },
  { cveId: 'CVE-2024-23222', software: 'Safari', description: 'A type confusion issue may lead to arbitrary code execution.', cvss: 8.8, severity: 'High' },
  { cveId: 'CVE-2023-42930', software: 'Slack', description: 'Insufficient certificate validation in the desktop client.', cvss: 3.7, severity: 'Low' },
] as const;

export const THREATS = [
  { name: 'EICAR-Test-File', classification: 'MALWARE', process: 'curl', path: '/Users/Shared/eicar.com' },
  { name: 'Adload', classification: 'MALWARE', process: 'launchd', path: '/Library/Application Support/.mitm/mitm' },
  { name: 'Shlayer', classification: 'MALWARE', process: 'installer', path: '/private/tmp/FlashPlayer.pkg' },
  { name: 'Atomic Stealer', classification: 'MALWARE', process: 'Finder', path: '/Volumes/Setup/Installer.app' },
  { name: 'MacKeeper', classification: 'PUP', process: 'Safari', path: '/Applications/MacKeeper.app' },
  { name: 'Genieo', classification: 'PUP', process: 'Google Chrome', path: '/Users/Shared/Genieo/Genieo.app' },
  { name: 'Advanced Mac Cleaner', classification: 'PUP', process: 'Finder', path: '/Applications/Advanced Mac Cleaner.app' },
] as const;

export const TAG_NAMES = ['finance', 'engineering', 'loaner', 'executive', 'byod', 'kiosk', 'contractor', 'eu-office', 'us-office', 'pilot'] as const;
