import { z } from 'zod';
import { isIsoDate } from '../../domain/iso-date.js';

const isoDate = (message: string) => z.string().refine(isIsoDate, { message });

/** Central Office schedules a staff-led course for one organisation (Section 10; decision 063). */
export const courseRequestSchema = z
  .strictObject({
    organisationId: z.uuid({ message: 'Choose the organisation the course is for' }),
    format: z.enum(['in_person', 'webinar'], { message: 'Choose in person or webinar' }),
    /** Two full days in person, four half-days by webinar. */
    sessionDates: z.array(isoDate('Enter each session date as a real date, like 2027-03-02')).min(1, 'Enter the session dates').max(4, 'Enter at most 4 session dates'),
    venue: z.string().trim().max(300, 'Enter a venue of 300 characters or fewer').optional(),
    trainerName: z.string().trim().min(1, 'Enter the trainer’s name').max(200, 'Enter a name of 200 characters or fewer'),
    places: z.number({ message: 'Enter the number of places, from 6 to 12' }).int('Enter a whole number of places'),
    cutOffOn: isoDate('Enter the booking cut-off as a real date, like 2027-02-16'),
  })
  .meta({ id: 'TrainingCourseRequest' });
export type CourseRequest = z.infer<typeof courseRequestSchema>;

/** A SMART Lead books one of their people onto their organisation's course. */
export const bookingRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Enter the name of the person to book').max(200, 'Enter a name of 200 characters or fewer'),
    email: z.email({ message: 'Enter an email address in the right form, like name@example.org' }).max(254),
  })
  .meta({ id: 'TrainingCourseBookingRequest' });
export type BookingRequest = z.infer<typeof bookingRequestSchema>;

/** Central Office invoices a course: the fee, and for in person the trainer's expenses. */
export const courseInvoiceRequestSchema = z
  .strictObject({
    expensesPence: z.number({ message: 'Enter the expenses in pounds and pence' }).int().min(0).max(10_000_000, 'Enter at most £100,000.00').optional(),
    expensesNote: z.string().trim().max(200, 'Enter a note of 200 characters or fewer').optional(),
    poNumber: z.string().trim().max(50, 'Enter a purchase order number of 50 characters or fewer').optional(),
  })
  .meta({ id: 'TrainingCourseInvoiceRequest' });
export type CourseInvoiceRequest = z.infer<typeof courseInvoiceRequestSchema>;

export const bookingSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  bookedAt: z.string(),
  cancelledAt: z.string().nullable(),
});

export const courseSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    format: z.enum(['in_person', 'webinar']),
    formatName: z.string(),
    sessionDates: z.array(z.string()),
    venue: z.string().nullable(),
    trainerName: z.string(),
    places: z.number().int(),
    booked: z.number().int(),
    placesLeft: z.number().int(),
    cutOffOn: z.string(),
    feePence: z.number().int(),
    /** "under_booked" once the cut-off has passed with fewer than 6 booked; "filling" before it. */
    flag: z.object({ kind: z.enum(['under_booked', 'filling']), message: z.string() }).nullable(),
    invoice: z.object({ id: z.string(), reference: z.string() }).nullable(),
    /** The bookings (those cancelled too), for whoever may see the course. */
    bookings: z.array(bookingSchema),
    canBook: z.boolean(),
  })
  .meta({ id: 'TrainingCourse' });
export type CourseResponse = z.infer<typeof courseSchema>;

/** Section 10: bespoke or refresher training, "just get in touch … and we will quote you". */
export const trainingRequestSchema = z
  .strictObject({
    /** Central Office may make a request for an organisation; a SMART Lead's is always their own. */
    organisationId: z.uuid({ message: 'Choose the organisation' }).optional(),
    kind: z.enum(['bespoke', 'refresher'], { message: 'Choose bespoke or refresher training' }),
    needs: z.string().trim().min(1, 'Say what training you need').max(2000, 'Enter 2,000 characters or fewer'),
    people: z.number({ message: 'Enter how many people, as a number' }).int('Enter a whole number of people').min(1, 'Enter at least 1 person').max(500, 'Enter at most 500 people'),
    preferredDates: z.string().trim().min(1, 'Enter your preferred dates').max(500, 'Enter 500 characters or fewer'),
  })
  .meta({ id: 'TrainingRequest' });
export type TrainingRequestInput = z.infer<typeof trainingRequestSchema>;

/** Central Office's price for a request, invoiced as one line priced by hand. */
export const trainingRequestInvoiceSchema = z
  .strictObject({
    description: z.string().trim().min(1, 'Describe the training being invoiced').max(300, 'Enter 300 characters or fewer'),
    amountPence: z.number({ message: 'Enter the price in pounds and pence' }).int().min(0).max(100_000_000, 'Enter at most £1,000,000.00'),
    poNumber: z.string().trim().max(50, 'Enter a purchase order number of 50 characters or fewer').optional(),
  })
  .meta({ id: 'TrainingRequestInvoice' });
export type TrainingRequestInvoiceInput = z.infer<typeof trainingRequestInvoiceSchema>;

export const trainingRequestResponseSchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    kind: z.enum(['bespoke', 'refresher']),
    needs: z.string(),
    people: z.number().int(),
    preferredDates: z.string(),
    status: z.enum(['received', 'invoiced']),
    requestedAt: z.string(),
    invoice: z.object({ id: z.string(), reference: z.string(), totalPence: z.number().int() }).nullable(),
  })
  .meta({ id: 'TrainingRequestRecord' });
export type TrainingRequestResponse = z.infer<typeof trainingRequestResponseSchema>;
