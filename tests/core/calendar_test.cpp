#include "kabar/core/calendar.h"

#include <gtest/gtest.h>

using kabar::days_from_civil;
using kabar::iso_day_number;

TEST(Calendar, DaysFromCivil) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1) - days_from_civil(2000, 2, 28), 2);  // leap year
  EXPECT_EQ(days_from_civil(1900, 3, 1) - days_from_civil(1900, 2, 28), 1);  // not a leap year
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

TEST(Calendar, IsoValuesAtEveryGrain) {
  EXPECT_EQ(iso_day_number("2024-03-14"), days_from_civil(2024, 3, 14));
  EXPECT_EQ(iso_day_number("2024-03-14TMO"), days_from_civil(2024, 3, 14));
  EXPECT_EQ(iso_day_number("2024-03"), days_from_civil(2024, 3, 1));
  EXPECT_EQ(iso_day_number("2024"), days_from_civil(2024, 1, 1));
  // ISO weeks start on the Monday of the week holding 4 January.
  EXPECT_EQ(iso_day_number("2024-W01"), days_from_civil(2024, 1, 1));
  EXPECT_EQ(iso_day_number("2025-W01"), days_from_civil(2024, 12, 30));
  EXPECT_EQ(iso_day_number("2021-W01"), days_from_civil(2021, 1, 4));
  EXPECT_EQ(iso_day_number("2024-W02"), days_from_civil(2024, 1, 8));
}

TEST(Calendar, NotACalendarPoint) {
  EXPECT_FALSE(iso_day_number("PRESENT_REF"));
  EXPECT_FALSE(iso_day_number("XXXX-WXX-4"));
  EXPECT_FALSE(iso_day_number("2024-13"));
  EXPECT_FALSE(iso_day_number("2024-W60"));
  EXPECT_FALSE(iso_day_number(""));
}
