import { z } from 'zod';
import { CONTACT_TOPICS } from '../../domain/contact/routing.js';
import { formatPostcode, isUkPostcode } from '../../domain/postcode.js';

const TOPIC_CODES = CONTACT_TOPICS.map((t) => t.code) as [(typeof CONTACT_TOPICS)[number]['code'], ...(typeof CONTACT_TOPICS)[number]['code'][]];

/** The public contact form (Section 11). A postcode is needed only to find the Coordinator for "support in my area". */
export const contactFormSchema = z
  .object({
    topic: z.enum(TOPIC_CODES, { message: 'Choose what your message is about' }),
    name: z.string({ message: 'Enter your name' }).trim().min(1, 'Enter your name').max(200, 'Use 200 characters or fewer'),
    email: z.string({ message: 'Enter your email address' }).trim().max(254, 'Use 254 characters or fewer').pipe(z.email({ message: 'Enter an email address like name@example.org' })),
    postcode: z
      .string()
      .trim()
      .max(12, 'Enter a UK postcode, like PR1 8BU')
      .optional()
      .transform((v) => (v ? v : undefined))
      .refine((v) => v === undefined || isUkPostcode(v), 'Enter a UK postcode, like PR1 8BU')
      .transform((v) => (v === undefined ? undefined : formatPostcode(v))),
    message: z.string({ message: 'Write your message' }).trim().min(1, 'Write your message').max(5000, 'Use 5,000 characters or fewer'),
  })
  .refine((f) => f.topic !== 'local-support' || f.postcode !== undefined, { message: 'Enter your postcode so we can find your Community Coordinator', path: ['postcode'] });
export type ContactForm = z.infer<typeof contactFormSchema>;
