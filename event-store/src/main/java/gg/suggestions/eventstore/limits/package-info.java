/** Every id, string and size limit of the platform, declared once and enforced at each boundary. */
package gg.suggestions.eventstore.limits;
