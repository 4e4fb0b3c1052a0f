# frozen_string_literal: true

# Front matter as Jekyll 4.3 on Debian reads it: Jekyll::Utils.safe_load_yaml, which is Psych.safe_load
# with Date and Time permitted and aliases allowed (Ruby's own YAML, libyaml, YAML 1.1 rules).
#   ruby tests/readers/psych.rb < batch.json
require "yaml"
require_relative "typed"

NewsrecordTyped.batch { |yaml| Psych.safe_load(yaml, permitted_classes: [Date, Time], aliases: true) }
